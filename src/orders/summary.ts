import type { Db } from '../db/knex';
import { NotFoundError } from '../lib/results';
import { refundReasons } from '../payments/queries';
import { tookMoney } from '../payments/states';
import { getSettings } from '../settings/service';
import * as q from './queries';
import { givesBack, isOrderCharge } from './service';

type Sale = { type: string; status: string; amount_cents: number; refunded_cents: number };

/** The order summary: items, totals, charges (with what giving each back would move), parcels, purchases. */
export async function orderSummary(db: Db, publicId: string) {
  const order = await q.orderByPublicId(db, publicId);
  if (!order) throw new NotFoundError('That order');
  const [items, transactions, fulfillments, purchases, reasons, settings] = await Promise.all([
    q.itemsOf(db, order.id),
    q.transactionsOfOrder(db, order.id),
    q.fulfillmentsOfOrder(db, order.id),
    q.purchasesOfOrder(db, order.id),
    refundReasons(db),
    getSettings(db),
  ]);
  const subtotal = items.reduce((s: number, i: { price_cents: number }) => s + i.price_cents, 0);
  const sales: Sale[] = transactions.filter((t: Sale) => t.type === 'sale');
  const giveBack = sales
    .map((t: any) => ({ t, back: givesBack(t), preselected: isOrderCharge(t) }))
    .filter((x) => x.back);
  const totals = {
    subtotal,
    shipping: order.shipping_cents,
    tax: order.tax_cents,
    total: subtotal + order.shipping_cents + order.tax_cents,
    paid: sales.filter((t) => tookMoney(t.status)).reduce((s, t) => s + t.amount_cents, 0),
    refunded: sales.reduce((s, t) => s + t.refunded_cents, 0),
  };
  const cancelReasons = settings.cancellation_reasons;
  return {
    title: `Order ${order.public_id}`,
    order,
    items,
    transactions,
    fulfillments,
    purchases,
    totals,
    giveBack,
    reasons,
    cancelReasons,
  };
}
