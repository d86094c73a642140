import type { Knex } from 'knex';
import { newOrderPublicId } from '../lib/ids';
import type { ImportLine } from './columns';
import { allocateIds, knownIds, type OptionRow, optionsBySku, ordersById, remember } from './queries';
import { type ImportReport, type Numbered, problem } from './report';

type Of<R extends ImportLine['record']> = Extract<ImportLine, { record: R }>;

/** The lines whose parent (customer or order) was imported, each with our id for it; the rest are problems. */
async function withParent<T extends { customer_id?: string; order_id?: string }>(
  trx: Knex,
  parent: 'customer' | 'order',
  rows: Numbered<T>[],
  report: ImportReport,
): Promise<(Numbered<T> & { parentId: number })[]> {
  const field = parent === 'customer' ? 'customer_id' : 'order_id';
  const known = await knownIds(
    trx,
    parent,
    rows.map((r) => r.line[field] as string),
  );
  return rows.flatMap((r) => {
    const parentId = known.get(r.line[field] as string);
    if (parentId === undefined) {
      problem(
        report,
        r.n,
        `${field} ${r.line[field]} is not ${parent === 'order' ? 'an' : 'a'} ${parent} above in this file or in an earlier import`,
      );
      return [];
    }
    return [{ ...r, parentId }];
  });
}

/** The lines naming a product option we sell (by its sku), each with that option. */
async function withOption<R extends Numbered<{ sku: string }>>(
  trx: Knex,
  rows: R[],
  report: ImportReport,
): Promise<(R & { option: OptionRow })[]> {
  const options = await optionsBySku(
    trx,
    rows.map((r) => r.line.sku),
  );
  return rows.flatMap((r) => {
    const option = options.get(r.line.sku);
    if (!option) problem(report, r.n, `sku ${r.line.sku} is not a product option (Admin → Products)`);
    return option ? [{ ...r, option }] : [];
  });
}

const at = (day: string | null, now: Date) => (day ? new Date(`${day}T12:00:00Z`) : now);

export async function importOrders(trx: Knex, now: Date, rows: Numbered<Of<'order'>>[], report: ImportReport) {
  const ready = await withParent(trx, 'customer', rows, report);
  const ids = await allocateIds(trx, 'orders', ready.length);
  const orders = ready.map(({ line: o, parentId }, i) => ({
    id: ids[i],
    public_id: newOrderPublicId(),
    customer_id: parentId,
    status: o.status,
    currency: o.currency,
    created_at: at(o.date, now),
    updated_at: now,
  }));
  // A public id already taken (rare: 32^8 of them) gets another draw instead of failing the batch.
  let waiting = orders;
  while (waiting.length) {
    const inserted = new Set(
      (await trx('orders').insert(waiting).onConflict('public_id').ignore().returning('id')).map((r) => Number(r.id)),
    );
    waiting = waiting.filter((o) => !inserted.has(o.id)).map((o) => ({ ...o, public_id: newOrderPublicId() }));
  }
  report.created.order += ready.length;
  await remember(
    trx,
    'order',
    ready.map((r, i) => [r.line.source_id, ids[i]]),
  );
}

export async function importItems(trx: Knex, rows: Numbered<Of<'item'>>[], report: ImportReport) {
  const ready = await withOption(trx, await withParent(trx, 'order', rows, report), report);
  const ids = await allocateIds(trx, 'order_items', ready.length);
  if (ready.length)
    await trx('order_items').insert(
      ready.map(({ line, parentId, option }, i) => ({
        id: ids[i],
        order_id: parentId,
        product_id: option.product_id,
        product_option_id: option.id,
        name: option.name,
        quantity: line.quantity,
        unit_price_cents: line.unit_price,
      })),
    );
  report.created.item += ready.length;
  await remember(
    trx,
    'item',
    ready.map((r, i) => [r.line.source_id, ids[i]]),
  );
}

export async function importSubscriptions(
  trx: Knex,
  now: Date,
  rows: Numbered<Of<'subscription'>>[],
  report: ImportReport,
) {
  const ready = await withOption(trx, await withParent(trx, 'order', rows, report), report);
  const orders = await ordersById(
    trx,
    ready.map((r) => r.parentId),
  );
  const ids = await allocateIds(trx, 'purchases', ready.length);
  if (ready.length)
    await trx('purchases').insert(
      ready.map(({ line: s, parentId, option }, i) => ({
        id: ids[i],
        order_id: parentId,
        customer_id: orders.get(parentId)!.customer_id,
        product_id: option.product_id,
        product_option_id: option.id,
        quantity: s.quantity,
        unit_price_cents: s.unit_price,
        currency: orders.get(parentId)!.currency,
        next_bill_date: s.next_bill_date,
        status: s.status,
        ...(s.status === 'cancelled' ? { cancelled_at: now, cancel_reason: 'Cancelled before the import' } : {}),
        created_at: now,
        updated_at: now,
      })),
    );
  report.created.subscription += ready.length;
  await remember(
    trx,
    'subscription',
    ready.map((r, i) => [r.line.source_id, ids[i]]),
  );
}
