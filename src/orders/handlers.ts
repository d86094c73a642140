import type { Request, Response } from 'express';
import { fieldErrors } from '../auth/handlers';
import { flash } from '../http/flash';
import { NotFoundError } from '../lib/results';
import * as q from './queries';
import { refundReasons } from '../payments/queries';
import * as commands from './commands';
import * as service from './service';

const cancellationReasons = async (req: Request): Promise<string[]> => (await req.deps.db('settings').first('cancellation_reasons')).cancellation_reasons;

/** GET /orders/:orderId: items, totals, transactions, fulfillments and purchases of one order. */
export async function show(req: Request, res: Response) {
  return renderOrder(req, res, {}, 200);
}

async function renderOrder(req: Request, res: Response, errors: Record<string, string>, status: number) {
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
  const cancelReasons = await cancellationReasons(req);
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
  return res.page('orders/show', { title: `Order ${order.public_id}`, order, items, transactions, fulfillments, purchases, totals, reasons, cancelReasons, errors }, status);
}

/** One flash line per sale: what happened to it, in the agent's words. */
function flashOutcomes(req: Request, outcomes: service.SaleOutcome[]) {
  for (const o of outcomes) flash(req, o.result.ok ? 'success' : 'error', `Charge #${o.saleId}: ${o.result.message}`);
}

export async function cancel(req: Request, res: Response) {
  const parsed = commands.cancelOrder(await cancellationReasons(req)).safeParse(req.body);
  if (!parsed.success) return renderOrder(req, res, fieldErrors(parsed.error), 422);
  const { reason, items, refund, idempotency_key } = parsed.data;
  const result = await service.cancelOrder(req.deps, req.user!, String(req.params.orderId), { reason, itemIds: items, refund, key: idempotency_key });
  if (!result.ok) return renderOrder(req, res, { cancel: result.message }, 422);
  flash(req, 'success', `Cancelled ${result.cancelledItems} item(s), ${result.cancelledFulfillments} open fulfillment(s) and ${result.cancelledPurchases} subscription(s).`);
  flashOutcomes(req, result.refunds);
  res.redirect(`/orders/${String(req.params.orderId).toUpperCase()}`);
}

export async function refund(req: Request, res: Response) {
  const parsed = commands.refundOrder(await refundReasons(req.deps.db)).safeParse(req.body);
  if (!parsed.success) return renderOrder(req, res, fieldErrors(parsed.error), 422);
  const outcomes = await service.refundOrder(req.deps, req.user!, String(req.params.orderId), parsed.data.reason, parsed.data.idempotency_key);
  if (!outcomes.length) flash(req, 'info', 'Nothing is left to refund or void on this order.');
  flashOutcomes(req, outcomes);
  res.redirect(`/orders/${String(req.params.orderId).toUpperCase()}`);
}

export async function resendWelcome(req: Request, res: Response) {
  const result = await service.resendWelcome(req.deps, req.user!, String(req.params.orderId));
  flash(req, result.ok ? 'success' : 'error', result.message);
  res.redirect(`/orders/${String(req.params.orderId).toUpperCase()}`);
}
