import type { Db } from '../db/knex';
import { NotFoundError } from '../lib/results';
import { refundReasons } from '../payments/queries';
import { lineLeftCents, linesUsed } from '../payments/lines';
import { canRefund, saleStateOf, tookMoney } from '../payments/states';
import { getSettings } from '../settings/service';
import * as q from './queries';
import { reviewOfOrder } from '../qa/queries';
import { HOLD_LABELS } from '../qa/rules';
import { givesBack, isOrderCharge } from './service';

type Sale = { type: string; status: string; amount_cents: number; refunded_cents: number };

/** The order summary: items, totals, charges (with what giving each back would move), parcels, purchases. */
export async function orderSummary(db: Db, publicId: string) {
  const order = await q.orderByPublicId(db, publicId);
  if (!order) throw new NotFoundError('That order');
  const [items, transactions, fulfillments, purchases, reasons, settings, review] = await Promise.all([
    q.itemsOf(db, order.id),
    q.transactionsOfOrder(db, order.id),
    q.fulfillmentsOfOrder(db, order.id),
    q.purchasesOfOrder(db, order.id),
    refundReasons(db),
    getSettings(db),
    reviewOfOrder(db, order.id),
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
  const used = await linesUsed(
    db,
    items.map((i: { id: number }) => Number(i.id)),
  );
  const refundableSales = new Set(sales.filter((t: any) => canRefund(saleStateOf(t))).map((t: any) => t.id));
  // Each line's refund form: what it has left, and whether its charge can be refunded now (settled).
  const lines = items.map((i: any) => ({
    ...i,
    leftCents: lineLeftCents({ priceCents: Number(i.price_cents), usedCents: used.get(Number(i.id)) ?? 0 }),
    refundable: refundableSales.has(i.sale_id),
  }));
  return {
    title: `Order ${order.public_id}`,
    order,
    review: review ?? null,
    HOLD_LABELS,
    items: lines,
    transactions,
    externalForAgents: settings.agents_refund_externally,
    fulfillments,
    purchases,
    totals,
    giveBack,
    reasons,
    cancelReasons,
  };
}
