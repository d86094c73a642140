import type { Knex } from 'knex';
import { actorOf, recordEvent } from '../audit/record';
import { hashPassword } from '../auth/passwords';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { formatMoney } from '../lib/money';
import { fail, type Result } from '../lib/results';
import { cancelPurchase } from '../subscriptions/cancellation';
import { LIVE_PURCHASE_STATUSES } from '../subscriptions/states';
import { BLOCK_TITLES, type Block } from './commands';
import { mergePreview } from './merges';
import { customerById, lockCustomer, type CustomerRow } from './queries';

const FIELD_LABELS = new Map(
  Object.entries({
    first_name: 'First name',
    last_name: 'Last name',
    email: 'Email',
    phone: 'Phone',
    custom1: 'Custom 1',
    custom2: 'Custom 2',
    membership_login: 'Membership login',
    utm_source: 'UTM source',
    utm_medium: 'UTM medium',
    utm_campaign: 'UTM campaign',
    utm_term: 'UTM term',
    utm_content: 'UTM content',
    affiliate_id: 'Affiliate',
    sub_id1: 'Sub-id 1',
    sub_id2: 'Sub-id 2',
    sub_id3: 'Sub-id 3',
    address1: 'Street',
    address2: 'Address line 2',
    city: 'City',
    state: 'State',
    postal_code: 'Postal code',
    country: 'Country',
  }),
);
/** "Phone 555-0100 → 555-0199", "Postal code 10115 → 10117": the field as the form labels it, never the column. */
const label = (field: string) =>
  FIELD_LABELS.get(field.replace(/^(billing|shipping)_/, '')) ?? field.replace(/_/g, ' ');
const shown = (field: string, v: unknown) =>
  v === null || v === undefined || v === '' ? '(empty)' : field.endsWith('_cents') ? formatMoney(Number(v)) : String(v);

/**
 * Saves one block of the profile. The row is locked and its version compared with the one the form
 * was opened on, so an agent never silently overwrites a colleague's edit made in another tab.
 */
export async function editCustomerBlock(
  db: Db,
  user: SessionUser,
  customerId: number,
  block: Block,
  input: Record<string, unknown>,
  version: string,
): Promise<Result<{ customer: CustomerRow }, 'edited_elsewhere' | 'login_taken'>> {
  const changes: Record<string, unknown> = { ...input };
  if (block === 'other') {
    const password = changes.membership_password as string | null;
    delete changes.membership_password;
    if (password) changes.membership_password_hash = await hashPassword(password);
  }
  const loginTaken = () =>
    fail('login_taken', 'Another customer already has this membership login.', {
      membership_login: 'Another customer already has this membership login; choose another.',
    });
  const result = await db
    .transaction(async (trx) => {
      const before = await lockCustomer(trx, customerId);
      if (new Date(before.updated_at).toISOString() !== version) {
        return fail(
          'edited_elsewhere',
          'Someone changed this customer after you opened the form. Here are the current details; make your change again.',
        );
      }
      const changed = Object.keys(changes).filter(
        (k) => String(changes[k] ?? '') !== String((before as unknown as Record<string, unknown>)[k] ?? ''),
      );
      if (changed.length === 0) return { ok: true as const };
      if (
        changed.includes('membership_login') &&
        changes.membership_login &&
        (await loginHolder(trx, String(changes.membership_login), customerId))
      )
        return loginTaken();
      await trx('customers')
        .where({ id: customerId })
        .update({ ...Object.fromEntries(changed.map((k) => [k, changes[k]])), updated_at: trx.fn.now() });
      const visible = changed.filter((k) => k !== 'membership_password_hash');
      const parts = visible.map(
        (k) => `${label(k)} ${shown(k, (before as unknown as Record<string, unknown>)[k])} → ${shown(k, changes[k])}`,
      );
      if (changed.includes('membership_password_hash')) parts.push('new membership password set');
      await recordEvent(trx, {
        actor: actorOf(user),
        kind: 'customer.edited',
        customerId,
        subject: { type: 'customer', id: customerId },
        summary: `Edited ${BLOCK_TITLES[block].toLowerCase()}: ${parts.join('; ')}`,
        before: Object.fromEntries(visible.map((k) => [k, (before as unknown as Record<string, unknown>)[k]])),
        after: Object.fromEntries(visible.map((k) => [k, changes[k]])),
      });
      return { ok: true as const };
    })
    .catch((e: { code?: string; constraint?: string }) => {
      // Two agents giving the same login at once: the unique index decides, the loser hears why.
      if (e.code === '23505' && e.constraint === 'customers_membership_login') return loginTaken();
      throw e;
    });
  const customer = (await customerById(db, customerId))!;
  return result.ok ? { ok: true, customer } : result;
}

const loginHolder = (trx: Knex.Transaction, login: string, exceptId: number) =>
  trx('customers').whereRaw('lower(membership_login) = lower(?)', [login]).whereNot({ id: exceptId }).first('id');

export async function createCustomer(db: Db, user: SessionUser, input: Record<string, unknown>): Promise<number> {
  const { confirm_duplicate: _confirm, ...fields } = input;
  return db.transaction(async (trx) => {
    const [row] = await trx('customers').insert(fields).returning('id');
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'customer.created',
      customerId: row.id,
      subject: { type: 'customer', id: row.id },
      summary: `Created the customer ${fields.first_name} ${fields.last_name}`.trim(),
      after: fields,
    });
    return row.id as number;
  });
}

/**
 * Deletes a customer for good. Live purchases are cancelled first (each recorded), then the row and
 * everything hanging off it go; the event log keeps a snapshot and who did it.
 */
export async function deleteCustomer(
  db: Db,
  user: SessionUser,
  customerId: number,
): Promise<{ cancelledPurchases: number }> {
  return db.transaction(async (trx) => {
    const customer = await lockCustomer(trx, customerId);
    const live = await trx('purchases')
      .where({ customer_id: customerId })
      .whereIn('status', LIVE_PURCHASE_STATUSES)
      .pluck('id');
    for (const id of live)
      await cancelPurchase(trx, new Date(), actorOf(user), id, 'Customer deleted', 'the customer was deleted', {
        history: false,
      });
    const { membership_password_hash: _hidden, ...snapshot } = customer as unknown as Record<string, unknown>;
    const counts = await mergePreview(trx as unknown as Db, customerId);
    await trx('customers').where({ id: customerId }).del();
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'customer.deleted',
      customerId,
      subject: { type: 'customer', id: customerId },
      summary: `Deleted customer #${customerId} (${customer.first_name} ${customer.last_name}, ${customer.email ?? 'no email'}); ${live.length} live purchase(s) cancelled first`,
      before: { customer: snapshot, related: counts },
      history: false,
    });
    return { cancelledPurchases: live.length };
  });
}
