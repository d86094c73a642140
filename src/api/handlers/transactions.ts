import type { Request, Response } from 'express';
import { refundReasons } from '../../payments/queries';
import { refundTransaction, voidTransaction, type MoneyBackResult } from '../../payments/refunds';
import { found, idFrom, parse, principal, serviceKey, succeeded } from '../http';
import { cursorOf, readCursor, transactionJson } from '../present';
import { ApiProblem } from '../problems';
import * as q from '../queries';
import { RefundCreate, TransactionQuery, VoidCreate } from '../schemas/requests';

export async function list(req: Request, res: Response) {
  const f = parse(TransactionQuery, req.query);
  const [after] = readCursor(f.cursor) ?? [];
  if (f.cursor && !Number.isInteger(after)) return res.json({ data: [], next_cursor: null });
  const customer = f.customer ? Number(f.customer) : undefined;
  const rows = await q.transactionPage(req.deps.db, { ...f, customer, after: after as number | undefined });
  const page = rows.slice(0, q.PAGE);
  res.json({ data: page.map(transactionJson), next_cursor: rows.length > q.PAGE ? cursorOf([page.at(-1).id]) : null });
}

/** The reasons are the account's refund reasons (Admin → Settings), as on the page. */
async function checkedReason(req: Request, reason: string) {
  const reasons = await refundReasons(req.deps.db);
  if (!reasons.includes(reason))
    throw new ApiProblem(422, 'validation_failed', 'Use one of the refund reasons.', {
      reason: `One of: ${reasons.join(', ')}`,
    });
  return reason;
}

/** A refund queued after a decline is accepted (202): the queue retries it, the amount is held. */
async function answer(req: Request, res: Response, result: MoneyBackResult) {
  const queued = !result.ok && result.code === 'refund_queued';
  const done = queued ? null : succeeded(result);
  const id = done?.transactionId ?? idFrom(req, 'That charge');
  const row = found(await q.transactions(req.deps.db).where('t.id', id).first(), 'That charge');
  res
    .status(queued ? 202 : 201)
    .json({ outcome: queued ? 'queued' : 'approved', message: result.message, transaction: transactionJson(row) });
}

export async function refund(req: Request, res: Response) {
  const body = parse(RefundCreate, req.body);
  const input = {
    idempotencyKey: serviceKey(req, res),
    reason: await checkedReason(req, body.reason),
    amountCents: body.amount_cents,
  };
  await answer(req, res, await refundTransaction(req.deps, principal(res), idFrom(req, 'That charge'), input));
}

export async function voidSale(req: Request, res: Response) {
  const body = parse(VoidCreate, req.body);
  const input = { idempotencyKey: serviceKey(req, res), reason: await checkedReason(req, body.reason) };
  await answer(req, res, await voidTransaction(req.deps, principal(res), idFrom(req, 'That charge'), input));
}
