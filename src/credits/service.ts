import type { Knex } from 'knex';
import { actorOf, recordEvent, userIdOf } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import { getSettings } from '../settings/service';
import { allocateCredit, creditBalance } from './arithmetic';
import { recentOrdersOf } from '../orders/queries';
import { memosOf, spendableMemos } from './queries';

export interface NewMemo {
  amount_cents: number;
  reason: string;
  source_order_id?: number;
  source_transaction_id?: number;
  idempotency_key: string;
}

/** What the credit form offers, when the caller (the profile) has read it already. */
export interface CreditFormOptions {
  creditReasons: string[];
  orders: { id: number; public_id: string; created_at: Date }[];
}

/** The credit region of the profile: the balance per currency and every memo. */
export async function creditOf(db: Db, customerId: number, known?: CreditFormOptions) {
  const [memos, creditReasons, orders] = await Promise.all([
    memosOf(db, customerId),
    known?.creditReasons ?? getSettings(db).then((s) => s.credit_reasons),
    known?.orders ?? recentOrdersOf(db, customerId),
  ]);
  const rows = memos.map((m) => ({
    ...m,
    used_cents: Number(m.used_cents),
    left_cents: m.voided_at ? 0 : Number(m.amount_cents) - Number(m.used_cents),
  }));
  const balances = new Map<string, number>();
  for (const m of rows) balances.set(m.currency, (balances.get(m.currency) ?? 0) + m.left_cents);
  const positive = [...balances].filter(([, c]) => c > 0);
  return { memos: rows, balances: positive, creditReasons, orders };
}

/** What is left to spend in one currency, oldest memo first; call with the customer row locked. */
export async function spendable(trx: Knex.Transaction, customerId: number, currency: string) {
  const memos = (await spendableMemos(trx, customerId, currency)).map((m) => ({
    id: Number(m.id),
    left_cents: Number(m.left_cents),
  }));
  return { memos, balance: creditBalance(memos) };
}

/**
 * Gives store credit: one memo in the customer's currency. The customer row is locked so a memo and
 * a rebill using credit at the same moment see each other. A source order must be the customer's own.
 */
export async function createMemo(
  db: Db,
  user: SessionUser,
  customerId: number,
  input: NewMemo,
): Promise<Result<{ id: number }, 'not_their_order'>> {
  return db.transaction(async (trx) => {
    const customer = await trx('customers').where({ id: customerId }).forUpdate().first('id', 'currency');
    if (!customer) throw new NotFoundError('That customer');
    const earlier = await trx('credit_memos').where({ idempotency_key: input.idempotency_key }).first('id');
    if (earlier) return { ok: true as const, id: Number(earlier.id) };
    if (input.source_order_id) {
      const order = await trx('orders').where({ id: input.source_order_id, customer_id: customerId }).first('id');
      if (!order) return fail('not_their_order', 'That order is not one of this customer’s.');
    }
    const [memo] = await trx('credit_memos')
      .insert({ customer_id: customerId, currency: customer.currency, created_by: userIdOf(user), ...input })
      .returning(['id', 'amount_cents', 'currency']);
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'credit.memo_created',
      customerId,
      subject: { type: 'credit_memo', id: memo.id },
      summary: `Gave ${formatMoney(Number(memo.amount_cents), memo.currency)} store credit (memo #${memo.id}): ${input.reason}`,
      after: { amount_cents: input.amount_cents, reason: input.reason, source_order_id: input.source_order_id ?? null },
    });
    return { ok: true as const, id: Number(memo.id) };
  });
}

/** Voids a memo: what is left of it can no longer be spent; what rebills already used stays used. */
export async function voidMemo(
  db: Db,
  user: SessionUser,
  memoId: number,
  reason: string,
): Promise<Result<{ customerId: number }, 'already_voided'>> {
  return db.transaction(async (trx) => {
    const found = await trx('credit_memos').where({ id: memoId }).first('customer_id');
    if (!found) throw new NotFoundError('That credit memo');
    await trx('customers').where({ id: found.customer_id }).forUpdate().first('id');
    const memo = await trx('credit_memos').where({ id: memoId }).forUpdate().first();
    if (memo.voided_at) return fail('already_voided', `Credit memo #${memoId} is already voided.`);
    const { balance } = await spendable(trx, memo.customer_id, memo.currency);
    await trx('credit_memos')
      .where({ id: memoId })
      .update({ voided_at: trx.fn.now(), voided_by: userIdOf(user), void_reason: reason });
    const after = (await spendable(trx, memo.customer_id, memo.currency)).balance;
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'credit.memo_voided',
      customerId: memo.customer_id,
      subject: { type: 'credit_memo', id: memoId },
      summary: `Voided credit memo #${memoId} (${formatMoney(Number(memo.amount_cents), memo.currency)}): ${reason}; balance ${formatMoney(balance, memo.currency)} → ${formatMoney(after, memo.currency)}`,
      before: { balance_cents: balance },
      after: { balance_cents: after, void_reason: reason },
    });
    return { ok: true as const, customerId: Number(memo.customer_id) };
  });
}

/** Records `cents` of credit used by a cycle (and its sale, when the card pays the rest), oldest memo first. */
export async function useCredit(
  trx: Knex.Transaction,
  memos: { id: number; left_cents: number }[],
  cents: number,
  use: { purchase_id: number; billing_cycle: number; transaction_id: number | null; created_at: Date },
) {
  const uses = allocateCredit(memos, cents);
  if (uses.length)
    await trx('credit_uses').insert(uses.map((u) => ({ credit_memo_id: u.memoId, amount_cents: u.cents, ...use })));
}

/** A declined sale gives back the credit it held. */
export async function returnCredit(trx: Knex.Transaction, saleId: number, now: Date) {
  await trx('credit_uses').where({ transaction_id: saleId }).whereNull('returned_at').update({ returned_at: now });
}
