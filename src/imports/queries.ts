import type { Knex } from 'knex';
import type { RecordType } from './columns';

/** Source id → our id for the source ids already imported (by any earlier file or batch). */
export async function knownIds(trx: Knex, record: RecordType, sourceIds: string[]): Promise<Map<string, number>> {
  if (!sourceIds.length) return new Map();
  const rows = await trx('import_ids')
    .select('source_id', 'target_id')
    .where({ record })
    .whereIn('source_id', sourceIds);
  return new Map(rows.map((r) => [r.source_id, Number(r.target_id)]));
}

export async function remember(trx: Knex, record: RecordType, pairs: [string, number][]): Promise<void> {
  if (pairs.length)
    await trx('import_ids').insert(pairs.map(([source_id, target_id]) => ({ record, source_id, target_id })));
}

/** n fresh ids of a table, taken before the insert so each line knows the row it became. */
export async function allocateIds(trx: Knex, table: string, n: number): Promise<number[]> {
  if (!n) return [];
  const { rows } = await trx.raw(`SELECT nextval(pg_get_serial_sequence(?, 'id')) AS id FROM generate_series(1, ?)`, [
    table,
    n,
  ]);
  return rows.map((r: { id: string }) => Number(r.id));
}

export interface OptionRow {
  id: number;
  product_id: number;
  name: string;
  currency: string;
}

export async function optionsBySku(trx: Knex, skus: string[]): Promise<Map<string, OptionRow>> {
  if (!skus.length) return new Map();
  const rows = await trx('product_options as o')
    .join('products as p', 'p.id', 'o.product_id')
    .select('o.sku', 'o.id', 'o.product_id', 'o.currency', trx.raw(`p.name || ' — ' || o.name AS name`))
    .whereIn('o.sku', [...new Set(skus)]);
  return new Map(rows.map((r) => [r.sku, r]));
}

export async function ordersById(
  trx: Knex,
  ids: number[],
): Promise<Map<number, { customer_id: number; currency: string }>> {
  if (!ids.length) return new Map();
  const rows = await trx('orders')
    .select('id', 'customer_id', 'currency')
    .whereIn('id', [...new Set(ids)]);
  return new Map(rows.map((r) => [Number(r.id), r]));
}

/** Existing customers sharing an email, or a phone's digits, with any of the candidates. */
