import type { Knex } from 'knex';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { dropRolesTakenBy } from '../cards/queries';
import { fail, type Result } from '../lib/results';
import { chosenColumns, MERGE_GROUPS, type MergeChoices, shareContact } from './merge-choices';
import { lockCustomer } from './queries';

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
  'credit_memos',
  'coupon_redemptions',
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
 * history records it with a snapshot of the merged record. The kept customer keeps its own name, contact,
 * addresses, membership login and custom fields except where `choices` take the merged one's
 * (src/customers/merge-choices.ts). Only records sharing an email or phone merge.
 */
export async function mergeCustomers(
  db: Db,
  user: SessionUser,
  keptId: number,
  sourceId: number,
  choices: MergeChoices = { fromSource: [], customFromSource: [] },
): Promise<Result<{ moved: Record<string, number> }, 'same_customer' | 'not_duplicates'>> {
  if (keptId === sourceId) return fail('same_customer', 'A customer cannot be merged into itself.');
  return db.transaction(async (trx) => {
    const [first, second] = [Math.min(keptId, sourceId), Math.max(keptId, sourceId)];
    const a = await lockCustomer(trx, first);
    const b = await lockCustomer(trx, second);
    const [kept, source] = a.id === keptId ? [a, b] : [b, a];
    if (!shareContact(kept, source))
      return fail('not_duplicates', 'Only customers who share an email or a phone number can be merged.');
    await takeCustomFields(trx, keptId, sourceId, choices.customFromSource);
    await trx('customer_custom_fields')
      .where({ customer_id: sourceId })
      .whereIn('name', trx('customer_custom_fields').select('name').where({ customer_id: keptId }))
      .del();
    await dropRolesTakenBy(trx, sourceId, keptId);
    const moved: Record<string, number> = {};
    for (const t of MOVED) moved[t] = await trx(t).where({ customer_id: sourceId }).update({ customer_id: keptId });
    const tags = [...new Set([...kept.tags, ...source.tags])];
    await trx('customers').where({ id: keptId }).update({ tags, updated_at: trx.fn.now() });
    const { membership_password_hash: _hidden, ...snapshot } = source as unknown as Record<string, unknown>;
    await trx('customers').where({ id: sourceId }).del();
    // After the delete: the membership login is unique, and the kept one may take the merged one's.
    const chosen = chosenColumns(source, choices);
    if (Object.keys(chosen).length) await trx('customers').where({ id: keptId }).update(chosen);
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
      }${tookText(choices)}`,
      before: { merged_customer: snapshot },
      after: { moved, tags, taken_from_merged: [...choices.fromSource, ...choices.customFromSource] },
    });
    return { ok: true as const, moved };
  });
}

/** The custom fields the agent chose from the merged customer overwrite the kept one's values. */
async function takeCustomFields(trx: Knex.Transaction, keptId: number, sourceId: number, names: string[]) {
  if (!names.length) return;
  const theirs = await trx('customer_custom_fields')
    .select('name', 'value')
    .where({ customer_id: sourceId })
    .whereIn('name', names);
  for (const f of theirs)
    await trx('customer_custom_fields').where({ customer_id: keptId, name: f.name }).update({ value: f.value });
}

function tookText(c: MergeChoices) {
  const took = [...c.fromSource.map((g) => MERGE_GROUPS[g].label.toLowerCase()), ...c.customFromSource];
  return took.length ? `; kept the merged customer's ${took.join(', ')}` : '';
}
