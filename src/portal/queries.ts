import type { Db } from '../db/knex';
import { PAID_SALE_STATUSES } from '../payments/states';
import { purchaseRows } from '../subscriptions/queries';

/** The customer's subscriptions as the portal lists them: what the next bill will cost, on which card. */
export const portalPurchases = (db: Db, customerId: number) =>
  purchaseRows(db)
    .leftJoin('payment_instruments as pi', 'pi.id', 'p.payment_instrument_id')
    .select('p.next_price_cents', 'p.cancelled_at', 'pi.brand', 'pi.last4')
    .where('p.customer_id', customerId)
    .orderBy('p.id', 'desc')
    .limit(50);

/** The newest charges and refunds: the customer's own statement, card shown by its last four digits. */
export const portalCharges = (db: Db, customerId: number) =>
  db('transactions as t')
    .leftJoin('payment_instruments as pi', 'pi.id', 't.payment_instrument_id')
    .leftJoin('orders as o', 'o.id', 't.order_id')
    .select('t.id', 't.type', 't.status', 't.amount_cents', 't.refunded_cents', 't.currency', 't.created_at')
    .select('pi.brand', 'pi.last4', 'o.public_id as order_public_id')
    .where('t.customer_id', customerId)
    .whereIn('t.type', ['sale', 'refund', 'void'])
    .whereNot('t.status', 'errored')
    .orderBy([
      { column: 't.created_at', order: 'desc' },
      { column: 't.id', order: 'desc' },
    ])
    .limit(12);

/** A receipt: a paid charge of this customer only (another customer's id is simply not found). */
export const portalReceipt = (db: Db, customerId: number, transactionId: number) =>
  db('transactions as t')
    .leftJoin('payment_instruments as pi', 'pi.id', 't.payment_instrument_id')
    .leftJoin('orders as o', 'o.id', 't.order_id')
    .leftJoin('purchases as p', 'p.id', 't.purchase_id')
    .leftJoin('products as pr', 'pr.id', 'p.product_id')
    .select('t.id', 't.status', 't.amount_cents', 't.refunded_cents', 't.currency', 't.created_at', 't.billing_cycle')
    .select('pi.brand', 'pi.last4', 'o.public_id as order_public_id', 'pr.name as product_name')
    .where({ 't.id': transactionId, 't.customer_id': customerId, 't.type': 'sale' })
    .whereIn('t.status', PAID_SALE_STATUSES)
    .first();
