import { redirectAfter } from '../http/htmx';
import { idParam, parseId, publicIdParam } from '../http/params';
import type { Request, Response } from 'express';
import { fieldErrors } from '../http/forms';
import { flash } from '../http/flash';
import { formatMoney } from '../lib/money';
import { refundReasons } from '../payments/queries';
import { UNKNOWN_OUTCOME_LABEL } from '../payments/states';
import * as commands from './commands';
import * as service from './service';
import * as entry from './entry';
import * as emails from './emails';
import { entryForm } from './entry-form';
import { orderSummary } from './summary';
import { customerOrders } from './list';
import { getSettings } from '../settings/service';
import { refundFromOrder, refundLine } from './refund-options';

const cancellationReasons = async (req: Request): Promise<string[]> =>
  (await getSettings(req.deps.db)).cancellation_reasons;

/** GET /orders?customer=:id: that customer's orders (the arrow beside a search result). */
export async function list(req: Request, res: Response) {
  const page = await customerOrders(req.deps.db, parseId(req.query.customer));
  const title = `Orders of ${page.customer.first_name} ${page.customer.last_name}`;
  return res.page('orders/index', { title, ...page });
}

/** GET /orders/:orderId: items, totals, transactions, fulfillments and purchases of one order. */
export async function show(req: Request, res: Response) {
  return renderOrder(req, res, {}, 200);
}

async function renderOrder(req: Request, res: Response, errors: Record<string, string>, status: number) {
  return res.page('orders/show', { ...(await orderSummary(req.deps.db, publicIdParam(req))), errors }, status);
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
  const parsed = commands
    .refundOrder(await refundReasons(req.deps.db), await cancellationReasons(req))
    .safeParse(req.body);
  if (!parsed.success) return renderOrder(req, res, fieldErrors(parsed.error), 422);
  const { reason, idempotency_key: key, sales, external, notify, cancel, cancel_reason } = parsed.data;
  const input = { reason, key, saleIds: sales, external, notify, cancelReason: cancel ? cancel_reason : undefined };
  const { outcomes, totalCents, cancelled } = await refundFromOrder(req.deps, req.user!, publicIdParam(req), input);
  if (!outcomes.length) flash(req, 'info', 'Nothing is left to refund or void on the chosen charges.');
  else if (totalCents) flash(req, 'success', `Gave back ${formatMoney(totalCents, 'USD')} on this order.`);
  flashOutcomes(req, outcomes);
  if (cancelled) flash(req, 'success', cancelled);
  redirectAfter(req, res, `/orders/${publicIdParam(req)}`);
}

/** POST /orders/:orderId/items/:itemId/refunds: one product line, in full or the amount entered. */
export async function refundItem(req: Request, res: Response) {
  const parsed = commands.refundLine(await refundReasons(req.deps.db)).safeParse(req.body);
  if (!parsed.success) return renderOrder(req, res, prefixed(fieldErrors(parsed.error)), 422);
  const { reason, idempotency_key: key, amount, external, notify } = parsed.data;
  const input = { reason, key, amountCents: amount, external, notify };
  const result = await refundLine(req.deps, req.user!, publicIdParam(req), idParam(req, 'That line', 'itemId'), input);
  const queued = !result.ok && result.code === 'refund_queued';
  if (!result.ok && !queued) return renderOrder(req, res, { line_amount: result.message }, 422);
  flash(req, result.ok ? 'success' : 'info', `Line: ${result.message}`);
  redirectAfter(req, res, `/orders/${publicIdParam(req)}`);
}

/** The line form's fields are named apart from the order refund's on the one page. */
const prefixed = (errors: Record<string, string>) =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [`line_${k}`, v]));

export async function resendWelcome(req: Request, res: Response) {
  const result = await emails.resendWelcome(req.deps, req.user!, publicIdParam(req));
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
  const rerun = typeof req.query.rerun === 'string' ? req.query.rerun : undefined;
  const form = await entryForm(req.deps.db, customerId, values, rerun);
  // Typed card numbers and the test-card list only where the gateway is a sandbox (gateway.ts).
  const { gateway } = req.deps;
  const cardEntry = { typedCards: Boolean(gateway.cardFromNumber), sandboxCards: gateway.sandboxCards ?? [] };
  return res.page('orders/new', { title: 'New order', ...form, ...cardEntry, errors }, status);
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
  // An unknown answer is neither placed nor declined: it says so in the one wording, as information.
  if (!result.ok && result.code === 'errored')
    flash(req, 'info', `Order ${result.publicId}: ${UNKNOWN_OUTCOME_LABEL}. ${result.message}`);
  else flash(req, result.ok ? 'success' : 'error', result.message);
  redirectAfter(req, res, result.publicId ? `/orders/${result.publicId}` : `/customers/${customerId}`);
}
