import type { Db } from '../db/knex';
import { fulfillmentRows } from '../fulfillments/queries';

/** Purchases with their product, option and order, as every list of them shows them (add a where). */
export const purchaseRows = (db: Db) =>
  db('purchases as p')
    .join('products as pr', 'pr.id', 'p.product_id')
    .join('product_options as po', 'po.id', 'p.product_option_id')
    .join('orders as o', 'o.id', 'p.order_id')
    .select(
      'p.id',
      'p.status',
      'p.quantity',
      'p.unit_price_cents',
      'p.price_cents',
      'p.currency',
      'p.billing_cycle',
      'p.next_bill_date',
      'p.trial_end',
      'pr.name as product_name',
      'po.name as option_name',
      'o.public_id as order_public_id',
    );

export const purchaseById = (db: Db, id: number) =>
  purchaseRows(db)
    .join('customers as c', 'c.id', 'p.customer_id')
    .select('p.*', 'po.trial_days', 'c.first_name', 'c.last_name')
    .where('p.id', id)
    .first();

export const optionsOf = (db: Db, productId: number) =>
  db('product_options')
    .select('id', 'name', 'rebill_price_cents')
    .where({ product_id: productId, active: true })
    .orderBy('id');

export const chargesOfPurchase = (db: Db, purchaseId: number) =>
  db('transactions')
    .where({ purchase_id: purchaseId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .select('id', 'type', 'status', 'amount_cents', 'currency', 'billing_cycle', 'created_at');

export const fulfillmentsOfPurchase = (db: Db, purchaseId: number) =>
  fulfillmentRows(db).where('f.purchase_id', purchaseId).orderBy('f.id', 'desc');
