import type { Request, Response } from 'express';
import { idParam } from '../http/params';
import { fieldErrors } from '../http/forms';
import { historyPage } from '../audit/queries';
import { newIdempotencyKey } from '../lib/ids';
import { NotFoundError } from '../lib/results';
import * as commands from './commands';
import { refundFormLocals, refundReasons, transactionRow } from './queries';
import { dropQueueItem, queueItems, runRefundQueue } from './refund-queue';
import { queueOutlook, retryItemNow } from './queue-now';
import { formatWhen } from '../lib/time';
import { refundTransaction, voidTransaction, type MoneyBackResult } from './refunds';
import { resendTransactionEmail } from './emails';
import { flash } from '../http/flash';
import { redirectAfter } from '../http/htmx';

/** The live gateway, and its sandbox cards if it has any (a real gateway has none here: only a sentence). */
export function testCards(req: Request, res: Response) {
  const { gateway } = req.deps;
  return res.page('payments/test-cards', { title: 'Test cards', gateway: gateway.name, cards: gateway.sandboxCards });
}

export async function showQueue(req: Request, res: Response) {
  const [items, outlook] = await Promise.all([
    queueItems(req.deps.db),
    queueOutlook(req.deps.db, req.deps.clock.now()),
  ]);
  return res.page('payments/refund-queue', { title: 'Refund queue', items, outlook });
}

export async function runQueueNow(req: Request, res: Response) {
  const run = await runRefundQueue(req.deps);
  const { next } = await queueOutlook(req.deps.db, req.deps.clock.now());
  const later = next ? ` Next: ${next.count} on ${formatWhen(next.at, req.deps.config.tz)}.` : '';
  flash(
    req,
    run.errored ? 'error' : 'success',
    `Refund queue run: ${run.attempted} attempted, ${run.refunded} refunded, ${run.retryLater} to retry later, ${run.failed} failed${run.errored ? `, ${run.errored} could not be processed (their error shows below)` : ''}.${later}`,
  );
  redirectAfter(req, res, '/refund-queue');
}

/** POST /refund-queue/:id/retries: one item now (admin); it counts as that item's attempt of the day. */
export async function retryNow(req: Request, res: Response) {
  const result = await retryItemNow(req.deps, req.user!, idParam(req, 'That queue item'));
  flash(req, result.ok ? 'success' : 'error', result.message);
  redirectAfter(req, res, '/refund-queue');
}

export async function dropFromQueue(req: Request, res: Response) {
  const result = await dropQueueItem(req.deps.db, req.user!, idParam(req, 'That queue item'), req.deps.clock.now());
  flash(
    req,
    result.ok ? 'success' : 'error',
    result.ok ? 'The refund was dropped from the queue; the amount is no longer held.' : result.message,
  );
  redirectAfter(req, res, '/refund-queue');
}

const saleId = (req: Request) => idParam(req, 'That charge');

/**
 * Renders the transaction's row again with the outcome: the row itself (with a fresh key, or the same
 * key after an unknown answer so a resubmit can only check, never repeat), the history and a message.
 */
async function respond(
  req: Request,
  res: Response,
  result: MoneyBackResult | null,
  errors: Record<string, string>,
  submittedKey: string,
) {
  const row = await transactionRow(req.deps.db, saleId(req));
  if (!row) throw new NotFoundError('That charge');
  const keepKey = result && !result.ok && result.code === 'gateway_errored';
  const queued = result && !result.ok && result.code === 'refund_queued';
  const status = result?.ok || queued ? 200 : 422;
  const type = result?.ok ? 'success' : queued ? 'info' : 'error';
  const message = { type, text: result ? result.message : Object.values(errors)[0] };
  res.status(status).render('payments/_transaction_outcome', {
    t: row,
    ...(await refundFormLocals(req.deps.db)),
    key: keepKey ? submittedKey : newIdempotencyKey(),
    errors,
    message,
    bulk: req.body?.bulk === '1',
    ...(await historyPage(req.deps.db, row.customer_id)),
    customer: { id: row.customer_id },
  });
}

export async function refund(req: Request, res: Response) {
  const parsed = commands.refund(await refundReasons(req.deps.db)).safeParse(req.body);
  if (!parsed.success) return respond(req, res, null, fieldErrors(parsed.error), '');
  const { idempotency_key, reason, amount, external, notify } = parsed.data;
  const result = await refundTransaction(req.deps, req.user!, saleId(req), {
    idempotencyKey: idempotency_key,
    reason,
    amountCents: amount,
    external,
    notifyCustomer: notify,
  });
  return respond(req, res, result, {}, idempotency_key);
}

export async function voidSale(req: Request, res: Response) {
  const parsed = commands.voidCommand(await refundReasons(req.deps.db)).safeParse(req.body);
  if (!parsed.success) return respond(req, res, null, fieldErrors(parsed.error), '');
  const { idempotency_key, reason, notify } = parsed.data;
  const input = { idempotencyKey: idempotency_key, reason, notifyCustomer: notify };
  const result = await voidTransaction(req.deps, req.user!, saleId(req), input);
  return respond(req, res, result, {}, idempotency_key);
}

/** POST /transactions/refunds: each selected charge through the single refund path; one line per result. */
export async function bulkRefund(req: Request, res: Response) {
  const parsed = commands.bulkRefund(await refundReasons(req.deps.db)).safeParse(req.body);
  const back =
    typeof req.body.back === 'string' && /^\/[a-z0-9/-]*$/i.test(req.body.back) ? req.body.back : '/customers';
  if (!parsed.success) {
    for (const m of Object.values(fieldErrors(parsed.error))) flash(req, 'error', m);
    return redirectAfter(req, res, back);
  }
  const { ids, reason, idempotency_key } = parsed.data;
  for (const id of ids) {
    const result = await refundTransaction(req.deps, req.user!, id, {
      idempotencyKey: `${idempotency_key}:${id}`,
      reason,
    }).catch((e: unknown) => {
      if (e instanceof NotFoundError) return { ok: false as const, code: 'not_found', message: e.message };
      throw e;
    });
    flash(req, result.ok ? 'success' : 'error', `Charge #${id}: ${result.message}`);
  }
  redirectAfter(req, res, back);
}

export async function resendEmail(req: Request, res: Response) {
  const result = await resendTransactionEmail(req.deps, req.user!, idParam(req, 'That transaction'));
  res
    .status(result.ok ? 200 : 422)
    .render('partials/_message', { type: result.ok ? 'success' : 'error', text: result.message });
}
