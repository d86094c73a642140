import type { Knex } from 'knex';
import { formatMoney } from '../lib/money';
import { fail, type Failure } from '../lib/results';

/**
 * Refunds of one product line of an order (docs/RULES.md §Refund options). A line is paid by one sale
 * (`order_items.sale_id`); its refunds are refunds of that sale, so the sale's own cap (amount less
 * refunds less holds) still applies, and on top of it a line never gives back more than its price.
 */
export interface LineState {
  priceCents: number;
  /** Refunded on this line, plus what is held for it: attempts in flight and queued refunds. */
  usedCents: number;
  currency?: string;
}

export const lineLeftCents = (l: LineState) => Math.max(0, l.priceCents - l.usedCents);

/** The amount a line refund moves: the one asked for (default: all the line has left), never more than that. */
export function decideLine(
  line: LineState,
  amountCents: number | undefined,
): { ok: true; amountCents: number } | Failure<'line_refunded' | 'exceeds_line'> {
  const left = lineLeftCents(line);
  if (left === 0) return fail('line_refunded', 'This line has already been refunded in full.');
  const amount = amountCents ?? left;
  if (amount > left)
    return fail('exceeds_line', `Only ${formatMoney(left, line.currency)} can still be refunded on this line.`);
  return { ok: true, amountCents: amount };
}

/**
 * A line's state, read with its sale locked (every refund of the line locks that sale first, so this
 * cannot change under the caller). A declined line refund counts through its queue item until the
 * item is dropped or fails; the queue's retries carry no line, so nothing is counted twice.
 */
export async function lineState(
  trx: Knex.Transaction,
  saleId: number,
  itemId: number,
): Promise<LineState | Failure<'not_this_sale'>> {
  const line = await trx('order_items').where({ id: itemId, sale_id: saleId }).first('price_cents');
  if (!line) return fail('not_this_sale', 'That product line was not paid by this charge.');
  const [{ refunded }] = await trx('transactions')
    .where({ order_item_id: itemId, type: 'refund' })
    .whereIn('status', ['approved', 'sending', 'errored'])
    .sum({ refunded: 'amount_cents' });
  const [{ queued }] = await trx('refund_queue')
    .where({ order_item_id: itemId })
    .whereIn('status', ['queued', 'succeeded'])
    .sum({ queued: 'amount_cents' });
  return { priceCents: Number(line.price_cents), usedCents: Number(refunded ?? 0) + Number(queued ?? 0) };
}

/** What each line has given back or holds (refunds approved or in flight, queued), for the order page. */
export async function linesUsed(db: Knex, itemIds: number[]): Promise<Map<number, number>> {
  if (!itemIds.length) return new Map();
  const rows = await db.raw(
    `SELECT order_item_id AS id, sum(amount_cents)::bigint AS cents FROM (
       SELECT order_item_id, amount_cents FROM transactions
        WHERE order_item_id = ANY(?) AND type = 'refund' AND status IN ('approved', 'sending', 'errored')
       UNION ALL
       SELECT order_item_id, amount_cents FROM refund_queue
        WHERE order_item_id = ANY(?) AND status IN ('queued', 'succeeded')) u
     GROUP BY order_item_id`,
    [itemIds, itemIds],
  );
  return new Map(rows.rows.map((r: { id: string; cents: string }) => [Number(r.id), Number(r.cents)]));
}
