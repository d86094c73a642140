import type { Request, Response } from 'express';
import { NotFoundError } from '../lib/results';
import * as q from './queries';
import { refundReasons } from '../payments/queries';

/** GET /orders/:orderId: items, totals, transactions, fulfillments and purchases of one order. */
export async function show(req: Request, res: Response) {
  const db = req.deps.db;
  const order = await q.orderByPublicId(db, String(req.params.orderId));
  if (!order) throw new NotFoundError('That order');
  const [items, transactions, fulfillments, purchases, reasons] = await Promise.all([
    q.itemsOf(db, order.id),
    q.transactionsOfOrder(db, order.id),
    q.fulfillmentsOfOrder(db, order.id),
    q.purchasesOfOrder(db, order.id),
    refundReasons(db),
  ]);
  const subtotal = items.reduce((s: number, i: { price_cents: number }) => s + i.price_cents, 0);
  const sales = transactions.filter((t: { type: string }) => t.type === 'sale');
  const totals = {
    subtotal,
    shipping: order.shipping_cents,
    tax: order.tax_cents,
    total: subtotal + order.shipping_cents + order.tax_cents,
    paid: sales.filter((t: { status: string }) => !['declined', 'errored', 'voided'].includes(t.status)).reduce((s: number, t: { amount_cents: number }) => s + t.amount_cents, 0),
    refunded: sales.reduce((s: number, t: { refunded_cents: number }) => s + t.refunded_cents, 0),
  };
  return res.page('orders/show', { title: `Order ${order.public_id}`, order, items, transactions, fulfillments, purchases, totals, reasons });
}
