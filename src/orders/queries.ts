import type { Db } from '../db/knex';
import { fulfillmentRows } from '../fulfillments/queries';
import { transactionRows } from '../payments/queries';
import { purchaseRows } from '../subscriptions/queries';

export const orderByPublicId = (db: Db, publicId: string) =>
  db('orders as o')
    .join('customers as c', 'c.id', 'o.customer_id')
    .select('o.*', 'c.first_name', 'c.last_name', 'c.email')
    .where('o.public_id', publicId.toUpperCase())
    .first();

export const itemsOf = (db: Db, orderId: number) =>
  db('order_items')
    .select('id', 'name', 'quantity', 'unit_price_cents', 'price_cents', 'cancelled_at', 'sale_id')
    .where({ order_id: orderId })
    .orderBy('id');

export const transactionsOfOrder = (db: Db, orderId: number) =>
  transactionRows(db).where('t.order_id', orderId).orderBy('t.id');

export const fulfillmentsOfOrder = (db: Db, orderId: number) =>
  fulfillmentRows(db).where('f.order_id', orderId).orderBy('f.id');

export const purchasesOfOrder = (db: Db, orderId: number) =>
  purchaseRows(db).where('p.order_id', orderId).orderBy('p.id');

/** A customer's cards, newest first, each with the outcome of its latest charge (approved, declined, unknown or none). */
export const cardsWithLastOutcome = (db: Db, customerId: number) =>
  db('payment_instruments as pi')
    .select(
      'pi.id',
      'pi.brand',
      'pi.last4',
      'pi.exp_month',
      'pi.exp_year',
      'last.at as last_at',
      db.raw(
        "CASE WHEN last.status IS NULL THEN NULL WHEN last.status = 'declined' THEN 'declined' WHEN last.status IN ('sending', 'errored') THEN 'unknown' ELSE 'approved' END AS last_outcome",
      ),
    )
    .joinRaw(
      "LEFT JOIN LATERAL (SELECT t.status, t.created_at AS at FROM transactions t WHERE t.payment_instrument_id = pi.id AND t.type = 'sale' ORDER BY t.created_at DESC, t.id DESC LIMIT 1) last ON true",
    )
    .where('pi.customer_id', customerId)
    .whereNull('pi.deactivated_at')
    .orderBy('pi.id', 'desc');

/** A customer's last 20 orders, newest first: a note's links and the credit form's source orders. */
export const recentOrdersOf = (db: Db, customerId: number) =>
  db('orders')
    .select('id', 'public_id', 'status', 'created_at')
    .where({ customer_id: customerId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(20);
