import type { Db } from '../db/knex';

export const purchaseById = (db: Db, id: number) =>
  db('purchases as p')
    .join('products as pr', 'pr.id', 'p.product_id')
    .join('product_options as po', 'po.id', 'p.product_option_id')
    .join('orders as o', 'o.id', 'p.order_id')
    .join('customers as c', 'c.id', 'p.customer_id')
    .select(
      'p.*',
      'pr.name as product_name',
      'po.name as option_name',
      'po.trial_days',
      'o.public_id as order_public_id',
      'c.first_name',
      'c.last_name',
    )
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
  db('fulfillments')
    .where({ purchase_id: purchaseId })
    .orderBy('id', 'desc')
    .select('id', 'reference', 'status', 'tracking_number', 'created_at');
