import type { Knex } from 'knex';
import { PAID_SALE_STATUSES } from '../payments/states';
import type { Db } from '../db/knex';

/** The reads behind the API's answers: explicit columns, keyset pages (never OFFSET). */
export const PAGE = 50;

export const customers = (db: Db) =>
  db('customers as c').select(
    'c.*',
    db.raw(
      `EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = c.id AND t.type = 'sale' AND t.status IN (${PAID_SALE_STATUSES.map(() => '?').join(', ')})) AS paid`,
      PAID_SALE_STATUSES,
    ),
  );

export interface CustomerFilter {
  email?: string;
  phone?: string;
  order?: string;
  last4?: string;
  updatedSince?: string;
  after?: [string, number];
}

/** Oldest change first, so a caller polling `updated_since` with the last cursor sees every change once. */
export function customerPage(db: Db, f: CustomerFilter): Knex.QueryBuilder {
  // The cursor keeps updated_at as PostgreSQL's text (microseconds), so the next page starts exactly after it.
  const q = customers(db)
    .select(db.raw('c.updated_at::text AS cursor_at'))
    .orderBy([{ column: 'c.updated_at' }, { column: 'c.id' }])
    .limit(PAGE + 1);
  if (f.email) q.where('c.email', f.email.trim().toLowerCase());
  if (f.phone) q.where('c.phone_digits', f.phone.replace(/\D/g, ''));
  if (f.order) q.whereIn('c.id', db('orders').select('customer_id').where('public_id', f.order.toUpperCase()));
  if (f.last4) q.whereIn('c.id', db('payment_instruments').select('customer_id').where('last4', f.last4));
  if (f.updatedSince) q.where('c.updated_at', '>=', f.updatedSince);
  if (f.after) q.whereRaw('(c.updated_at, c.id) > (?::timestamptz, ?)', f.after);
  return q;
}

export const transactions = (db: Db) =>
  db('transactions as t').leftJoin('orders as o', 'o.id', 't.order_id').select('t.*', 'o.public_id as order_public_id');

export function transactionPage(db: Db, f: { customer?: number; order?: string; since?: string; after?: number }) {
  const q = transactions(db)
    .orderBy('t.id')
    .limit(PAGE + 1);
  if (f.customer) q.where('t.customer_id', f.customer);
  if (f.order) q.where('o.public_id', f.order.toUpperCase());
  if (f.since) q.where('t.created_at', '>=', f.since);
  if (f.after) q.where('t.id', '>', f.after);
  return q;
}

export const fulfillments = (db: Db) =>
  db('fulfillments as f')
    .join('orders as o', 'o.id', 'f.order_id')
    .select(
      'f.*',
      'o.public_id as order_public_id',
      db.raw(`COALESCE((SELECT json_agg(json_build_object('sku', po.sku, 'name', fi.name, 'quantity', fi.quantity) ORDER BY fi.id)
        FROM fulfillment_items fi JOIN product_options po ON po.id = fi.product_option_id WHERE fi.fulfillment_id = f.id), '[]') AS items`),
    );

export const purchases = (db: Db) =>
  db('purchases as p')
    .join('orders as o', 'o.id', 'p.order_id')
    .join('product_options as po', 'po.id', 'p.product_option_id')
    .join('products as pr', 'pr.id', 'p.product_id')
    .select('p.*', 'o.public_id as order_public_id', 'po.sku', db.raw("pr.name || ' — ' || po.name AS name"));

/** An order with everything the API shows of it, or undefined. */
export async function orderWithParts(db: Db, publicId: string) {
  const order = await db('orders').where({ public_id: publicId.toUpperCase() }).first();
  if (!order) return undefined;
  const [items, sales, parcels, subs] = await Promise.all([
    db('order_items as i')
      .join('product_options as po', 'po.id', 'i.product_option_id')
      .select('i.*', 'po.sku')
      .where('i.order_id', order.id)
      .orderBy('i.id'),
    transactions(db).where('t.order_id', order.id).orderBy('t.id'),
    fulfillments(db).where('f.order_id', order.id).orderBy('f.id'),
    purchases(db).where('p.order_id', order.id).orderBy('p.id'),
  ]);
  return { order, items, transactions: sales, fulfillments: parcels, purchases: subs };
}
