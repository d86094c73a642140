import type { Knex } from 'knex';
import { actorOf, recordEvent } from '../audit/record';
import { hashPassword } from '../auth/passwords';
import { can } from '../auth/permissions';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import { cancelPurchase } from '../subscriptions/cancellation';
import { LIVE_PURCHASE_STATUSES } from '../subscriptions/states';
import { BLOCK_TITLES, type Block } from './commands';
import { customerById, type CustomerRow } from './queries';

const FIELD_LABELS = new Map(
  Object.entries({
    first_name: 'First name',
    last_name: 'Last name',
    email: 'Email',
    phone: 'Phone',
    custom1: 'Custom 1',
    custom2: 'Custom 2',
    credit_balance_cents: 'Credit balance',
    membership_login: 'Membership login',
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

async function lockCustomer(trx: Knex.Transaction, id: number): Promise<CustomerRow> {
  const row = await trx('customers').select('*').where({ id }).forUpdate().first();
  if (!row) throw new NotFoundError('That customer');
  return row;
}

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
    if (!can(user.role, 'credits:manage')) delete changes.credit_balance_cents;
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

export async function addNote(db: Db, user: SessionUser, customerId: number, body: string) {
  return db.transaction(async (trx) => {
    await lockCustomer(trx, customerId);
    const [entry] = await trx('history_entries')
      .insert({ customer_id: customerId, kind: 'note', body, user_id: user.id, actor_name: user.name })
      .returning(['id', 'kind', 'body', 'actor_name', 'created_at']);
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'customer.note_added',
      customerId,
      subject: { type: 'customer', id: customerId },
      summary: 'Added a note',
      after: { body },
      history: false,
    });
    return entry;
  });
}

export async function addTag(db: Db, user: SessionUser, customerId: number, tag: string): Promise<string[]> {
  return db.transaction(async (trx) => {
    const c = await lockCustomer(trx, customerId);
    if (c.tags.includes(tag)) return c.tags;
    const tags = [...c.tags, tag];
    await trx('customers').where({ id: customerId }).update({ tags, updated_at: trx.fn.now() });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'customer.tagged',
      customerId,
      subject: { type: 'customer', id: customerId },
      summary: `Tagged “${tag}”`,
      before: { tags: c.tags },
      after: { tags },
    });
    return tags;
  });
}

export async function removeTag(db: Db, user: SessionUser, customerId: number, tag: string): Promise<string[]> {
  return db.transaction(async (trx) => {
    const c = await lockCustomer(trx, customerId);
    if (!c.tags.includes(tag)) return c.tags;
    const tags = c.tags.filter((t) => t !== tag);
    await trx('customers').where({ id: customerId }).update({ tags, updated_at: trx.fn.now() });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'customer.untagged',
      customerId,
      subject: { type: 'customer', id: customerId },
      summary: `Removed tag “${tag}”`,
      before: { tags: c.tags },
      after: { tags },
    });
    return tags;
  });
}

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

/** What a merge of `sourceId` into the kept customer moves, table by table. */
const MOVED = [
  'orders',
  'transactions',
  'fulfillments',
  'purchases',
  'payment_instruments',
  'history_entries',
  'files',
  'customer_custom_fields',
  'customer_memberships',
  'refund_queue',
  'blocklist_entries',
  'email_outbox',
] as const;

export async function mergePreview(db: Db, sourceId: number): Promise<Record<string, number>> {
  // One statement: deleteCustomer passes its transaction, and a transaction's client runs one query at a time.
  const counts = await db.first(
    Object.fromEntries(MOVED.map((t) => [t, db(t).where({ customer_id: sourceId }).count('*')])),
  );
  return Object.fromEntries(MOVED.map((t) => [t, Number(counts?.[t] ?? 0)]));
}

/**
 * Moves everything of `sourceId` onto `keptId` and deletes the source, in one transaction (both rows
 * locked, lower id first so two opposite merges cannot deadlock). Irreversible; the kept customer's
 * history records it with a snapshot of the merged record. Custom fields the kept one already has win.
 */
export async function mergeCustomers(
  db: Db,
  user: SessionUser,
  keptId: number,
  sourceId: number,
): Promise<Result<{ moved: Record<string, number> }, 'same_customer'>> {
  if (keptId === sourceId) return fail('same_customer', 'A customer cannot be merged into itself.');
  return db.transaction(async (trx) => {
    const [first, second] = [Math.min(keptId, sourceId), Math.max(keptId, sourceId)];
    const a = await lockCustomer(trx, first);
    const b = await lockCustomer(trx, second);
    const [kept, source] = a.id === keptId ? [a, b] : [b, a];
    await trx('customer_custom_fields')
      .where({ customer_id: sourceId })
      .whereIn('name', trx('customer_custom_fields').select('name').where({ customer_id: keptId }))
      .del();
    const moved: Record<string, number> = {};
    for (const t of MOVED) moved[t] = await trx(t).where({ customer_id: sourceId }).update({ customer_id: keptId });
    const tags = [...new Set([...kept.tags, ...source.tags])];
    await trx('customers')
      .where({ id: keptId })
      .update({
        tags,
        credit_balance_cents: kept.credit_balance_cents + source.credit_balance_cents,
        updated_at: trx.fn.now(),
      });
    const { membership_password_hash: _hidden, ...snapshot } = source as unknown as Record<string, unknown>;
    await trx('customers').where({ id: sourceId }).del();
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'customer.merged',
      customerId: keptId,
      subject: { type: 'customer', id: keptId },
      summary: `Merged customer #${sourceId} (${source.first_name} ${source.last_name}, ${source.email ?? 'no email'}) into this one: ${
        Object.entries(moved)
          .filter(([, n]) => n)
          .map(([t, n]) => `${n} ${t.replace(/_/g, ' ')}`)
          .join(', ') || 'nothing to move'
      }`,
      before: { merged_customer: snapshot },
      after: { moved, tags },
    });
    return { ok: true as const, moved };
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

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export async function addFile(
  db: Db,
  user: SessionUser,
  customerId: number,
  file: { originalname: string; mimetype: string; size: number; buffer: Buffer },
) {
  return db.transaction(async (trx) => {
    await lockCustomer(trx, customerId);
    const filename = file.originalname.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'file';
    const [row] = await trx('files')
      .insert({
        customer_id: customerId,
        filename,
        content_type: file.mimetype || 'application/octet-stream',
        size_bytes: file.size,
        content: file.buffer,
        user_id: user.id,
      })
      .returning('id');
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'customer.file_added',
      customerId,
      subject: { type: 'file', id: row.id },
      summary: `Attached the file “${filename}”`,
    });
    return row.id as number;
  });
}
