import type { Db } from '../db/knex';

export const fulfillmentById = (db: Db, id: number) => db('fulfillments').where({ id }).first();

/** Fulfillments as the profile, the order summary and the purchase page list them (add a where and an order). */
export const fulfillmentRows = (db: Db) =>
  db('fulfillments as f')
    .join('orders as o', 'o.id', 'f.order_id')
    .select(
      'f.id',
      'f.reference',
      'f.status',
      'f.carrier',
      'f.tracking_number',
      'f.shipped_at',
      'f.created_at',
      'o.public_id as order_public_id',
      db.raw(
        "(SELECT string_agg(quantity || ' × ' || name, ', ') FROM fulfillment_items fi WHERE fi.fulfillment_id = f.id) AS items",
      ),
    );
