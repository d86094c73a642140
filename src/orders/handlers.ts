import { redirectAfter } from '../http/htmx';
import { parseId, publicIdParam } from '../http/params';
import type { Request, Response } from 'express';
import { fieldErrors } from '../http/forms';
import { flash } from '../http/flash';
import { formatMoney } from '../lib/money';
import { NotFoundError } from '../lib/results';
import * as q from './queries';
import { refundReasons } from '../payments/queries';
import * as commands from './commands';
import * as service from './service';
import * as entry from './entry';
import { catalog } from './checkout';
import { getSettings } from '../settings/service';

const cancellationReasons = async (req: Request): Promise<string[]> =>
  (await getSettings(req.deps.db)).cancellation_reasons;

/** GET /orders/:orderId: items, totals, transactions, fulfillments and purchases of one order. */
export async function show(req: Request, res: Response) {
  return renderOrder(req, res, {}, 200);
}

async function renderOrder(req: Request, res: Response, errors: Record<string, string>, status: number) {
  const db = req.deps.db;
  const order = await q.orderByPublicId(db, publicIdParam(req));
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
  const giveBack = sales
    .map((t: any) => ({ t, back: service.givesBack(t), preselected: service.isOrderCharge(t) }))
    .filter((x: any) => x.back);
  const totals = {
    subtotal,
    shipping: order.shipping_cents,
    tax: order.tax_cents,
    total: subtotal + order.shipping_cents + order.tax_cents,
    paid: sales
      .filter((t: { status: string }) => !['declined', 'errored', 'voided'].includes(t.status))
      .reduce((s: number, t: { amount_cents: number }) => s + t.amount_cents, 0),
    refunded: sales.reduce((s: number, t: { refunded_cents: number }) => s + t.refunded_cents, 0),
  };
  return res.page(
    'orders/show',
    {
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
      errors,
    },
    status,
  );
}

/** One flash line per sale: what happened to it, in the agent's words. */
function flashOutcomes(req: Request, outcomes: service.SaleOutcome[]) {
  for (const o of outcomes) flash(req, o.result.ok ? 'success' : 'error', `Charge #${o.saleId}: ${o.result.message}`);
}

export async function cancel(req: Request, res: Response) {
  const parsed = commands.cancelOrder(await cancellationReasons(req)).safeParse(req.body);
  if (!parsed.success) return renderOrder(req, res, fieldErrors(parsed.error), 422);
  const { reason, items, refund, idempotency_key } = parsed.data;
  const result = await service.cancelOrder(req.deps, req.user!, publicIdParam(req), {
    reason,
    itemIds: items,
    refund,
    key: idempotency_key,
  });
  if (!result.ok) return renderOrder(req, res, { cancel: result.message }, 422);
  flash(
    req,
    'success',
    `Cancelled ${result.cancelledItems} item(s), ${result.cancelledFulfillments} open fulfillment(s) and ${result.cancelledPurchases} subscription(s).`,
  );
  flashOutcomes(req, result.refunds);
  redirectAfter(req, res, `/orders/${publicIdParam(req)}`);
}

export async function refund(req: Request, res: Response) {
  const parsed = commands.refundOrder(await refundReasons(req.deps.db)).safeParse(req.body);
  if (!parsed.success) return renderOrder(req, res, fieldErrors(parsed.error), 422);
  const { outcomes, totalCents } = await service.refundOrder(
    req.deps,
    req.user!,
    publicIdParam(req),
    parsed.data.reason,
    parsed.data.idempotency_key,
    parsed.data.sales,
  );
  if (!outcomes.length) flash(req, 'info', 'Nothing is left to refund or void on the chosen charges.');
  else if (totalCents) flash(req, 'success', `Gave back ${formatMoney(totalCents, 'USD')} on this order.`);
  flashOutcomes(req, outcomes);
  redirectAfter(req, res, `/orders/${publicIdParam(req)}`);
}

export async function resendWelcome(req: Request, res: Response) {
  const result = await service.resendWelcome(req.deps, req.user!, publicIdParam(req));
  flash(req, result.ok ? 'success' : 'error', result.message);
  redirectAfter(req, res, `/orders/${publicIdParam(req)}`);
}

/** GET /orders/new?customer=:id[&rerun=ORDERID]: order entry, prefilled from a declined order to rerun. */
export async function newOrder(req: Request, res: Response) {
  return renderEntry(req, res, parseId(req.query.customer) ?? 0, {}, {}, 200);
}

async function renderEntry(
  req: Request,
  res: Response,
  customerId: number,
  errors: Record<string, string>,
  values: Record<string, unknown>,
  status: number,
) {
  const db = req.deps.db;
  const customer = await db('customers').where({ id: customerId }).first('id', 'first_name', 'last_name', 'email');
  if (!customer) throw new NotFoundError('That customer');
  const [options, cards] = await Promise.all([catalog(db), q.cardsWithLastOutcome(db, customerId)]);
  let prefill = values;
  if (!Object.keys(values).length && typeof req.query.rerun === 'string') {
    const declined = await db('orders')
      .where({ public_id: req.query.rerun.toUpperCase(), customer_id: customerId, status: 'declined' })
      .first();
    if (declined && !declined.hard_decline) {
      const items = await db('order_items').where({ order_id: declined.id });
      prefill = {
        quantities: Object.fromEntries(items.map((i) => [String(i.product_option_id), String(i.quantity)])),
        shipping: (declined.shipping_cents / 100).toFixed(2),
      };
    }
  }
  // The card preselected is the last one that was approved, never one that just declined.
  const preferred = cards
    .filter((c: { last_outcome: string | null }) => c.last_outcome === 'approved')
    .sort((a: any, b: any) => b.last_at - a.last_at)[0];
  const values2 = { ...prefill, card: prefill.card ?? (preferred ? String(preferred.id) : undefined) };
  return res.page('orders/new', { title: 'New order', customer, options, cards, errors, values: values2 }, status);
}

/** `quantities[<option id>]` fields (the body parser keeps bracketed names flat) → one record. */
function withQuantities(body: Record<string, unknown>) {
  const quantities = Object.fromEntries(
    Object.entries(body).flatMap(([k, v]) => {
      const m = /^quantities\[(\d+)\]$/.exec(k);
      return m ? [[m[1], String(v).trim()]] : [];
    }),
  );
  return { ...body, quantities };
}

export async function createOrder(req: Request, res: Response) {
  const body = withQuantities(req.body ?? {});
  const parsed = entry.orderCommand.safeParse(body);
  const customerId = parseId(req.body.customer_id) ?? 0;
  if (!parsed.success) return renderEntry(req, res, customerId, fieldErrors(parsed.error), body, 422);
  const result = await entry.enterOrder(req.deps, req.user!, parsed.data);
  flash(req, result.ok ? 'success' : 'error', result.message);
  redirectAfter(req, res, result.publicId ? `/orders/${result.publicId}` : `/customers/${customerId}`);
}
