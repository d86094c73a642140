import type { Knex } from 'knex';
import type { ImportLine } from './columns';
import { allocateIds, knownIds, ordersById, remember } from './queries';
import { type ImportReport, type Numbered, problem } from './report';

type ChargeLine = Extract<ImportLine, { record: 'charge' }>;

/** The sale's status here from the source's status and refunded amount. */
function saleStatus(c: ChargeLine): string {
  if (c.status === 'declined') return 'declined';
  if (c.status === 'voided') return 'voided';
  if (c.refunded === 0) return 'settled';
  return c.refunded === c.amount ? 'refunded' : 'partially_refunded';
}

/**
 * Past charges, booked as history: no gateway call, gateway `import`. A refunded amount becomes one
 * approved refund row under the sale and a void one void row, so the sale's amounts add up the way
 * the money CHECKs (refunded + queued ≤ amount) and the charge history expect.
 */
export async function importCharges(trx: Knex, now: Date, rows: Numbered<ChargeLine>[], report: ImportReport) {
  const known = await knownIds(
    trx,
    'order',
    rows.map((r) => r.line.order_id),
  );
  const orders = await ordersById(trx, [...known.values()]);
  const ready = rows.filter((r) => {
    if (known.has(r.line.order_id)) return true;
    problem(report, r.n, `order_id ${r.line.order_id} is not an order above in this file or in an earlier import`);
    return false;
  });
  const ids = await allocateIds(trx, 'transactions', ready.length);
  const sales = ready.map(({ line: c }, i) => {
    const orderId = known.get(c.order_id)!;
    const when = c.date ? new Date(`${c.date}T12:00:00Z`) : now;
    return {
      id: ids[i],
      customer_id: orders.get(orderId)!.customer_id,
      order_id: orderId,
      type: 'sale',
      status: saleStatus(c),
      amount_cents: c.amount,
      refunded_cents: c.status === 'voided' ? 0 : c.refunded,
      currency: c.currency,
      gateway: 'import',
      gateway_reference: c.gateway_reference,
      gateway_message: c.status === 'declined' ? 'Declined (imported)' : null,
      settled_at: c.status === 'declined' ? null : when,
      created_at: when,
      updated_at: now,
    };
  });
  const children = sales.flatMap((s) =>
    s.status === 'voided' || s.refunded_cents > 0
      ? [
          {
            customer_id: s.customer_id,
            order_id: s.order_id,
            parent_id: s.id,
            type: s.status === 'voided' ? 'void' : 'refund',
            status: 'approved',
            amount_cents: s.status === 'voided' ? s.amount_cents : s.refunded_cents,
            currency: s.currency,
            gateway: 'import',
            reason: 'Imported',
            created_at: s.created_at,
            updated_at: now,
          },
        ]
      : [],
  );
  if (sales.length) await trx('transactions').insert(sales);
  if (children.length) await trx('transactions').insert(children);
  report.created.charge += sales.length;
  await remember(
    trx,
    'charge',
    ready.map((r, i) => [r.line.source_id, ids[i]]),
  );
}
