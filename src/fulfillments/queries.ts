import type { Db } from '../db/knex';

/**
 * What a parcel holds, each item named by its product and option ("3 × Glow Serum — 30-day supply"),
 * read from the catalog rather than the item's stored name, so a parcel written with the option's
 * name alone (older rebills) reads right too. Used inside a select over `fulfillments as f`.
 */
const parcelItems = (db: Db) =>
  db.raw(
    `(SELECT string_agg(fi.quantity || ' × ' || p.name || ' — ' || po.name, ', ' ORDER BY fi.id)
        FROM fulfillment_items fi
        JOIN product_options po ON po.id = fi.product_option_id
        JOIN products p ON p.id = po.product_id
       WHERE fi.fulfillment_id = f.id) AS items`,
  );

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
      parcelItems(db),
    );
