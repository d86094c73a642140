import type { Knex } from 'knex';
import type { Db } from '../db/knex';

type Q = Db | Knex.Transaction;

/** Credit still held by a memo's uses (returned uses free it again). */
const usedOf = (db: Q) =>
  db.raw(
    'coalesce((SELECT sum(u.amount_cents) FROM credit_uses u WHERE u.credit_memo_id = m.id AND u.returned_at IS NULL), 0)::bigint',
  );

/** A customer's memos, newest first, with what is used and left of each and who gave and voided them. */
export const memosOf = (db: Q, customerId: number) =>
  db('credit_memos as m')
    .leftJoin('users as cu', 'cu.id', 'm.created_by')
    .leftJoin('users as vu', 'vu.id', 'm.voided_by')
    .leftJoin('orders as o', 'o.id', 'm.source_order_id')
    .select(
      'm.id',
      'm.amount_cents',
      'm.currency',
      'm.reason',
      'm.source_transaction_id',
      'o.public_id as source_order_public_id',
      'm.created_at',
      'm.voided_at',
      'm.void_reason',
      'cu.name as created_by_name',
      'vu.name as voided_by_name',
      { used_cents: usedOf(db) },
    )
    .where('m.customer_id', customerId)
    .orderBy('m.id', 'desc');

/** The memos credit can be taken from in one currency, oldest first, with what is left of each. */
export const spendableMemos = (db: Q, customerId: number, currency: string) =>
  db('credit_memos as m')
    .select('m.id', db.raw(`m.amount_cents - ${usedOf(db).toQuery()} AS left_cents`))
    .where({ 'm.customer_id': customerId, 'm.currency': currency })
    .whereNull('m.voided_at')
    .orderBy('m.id');

/** The customer a memo was given to (null when there is no such memo). */
export const memoCustomerId = async (db: Db, memoId: number): Promise<number | null> =>
  (await db('credit_memos').where({ id: memoId }).first('customer_id'))?.customer_id ?? null;
