import type { Request, Response } from 'express';
import { historyPage } from '../audit/queries';
import { customerById } from '../customers/queries';
import { fieldErrors } from '../http/forms';
import { idParam } from '../http/params';
import { NotFoundError } from '../lib/results';
import { getSettings } from '../settings/service';
import { newMemo, voidMemo as voidCommand } from './commands';
import { memoCustomerId } from './queries';
import { createMemo, creditOf, voidMemo } from './service';

/** The credit region again (with the history out of band after a change), or the form's errors with `status`. */
async function region(req: Request, res: Response, customerId: number, status = 200, errors = {}) {
  const customer = await customerById(req.deps.db, customerId);
  if (!customer) throw new NotFoundError('That customer');
  const history = status === 200 ? await historyPage(req.deps.db, customerId) : null;
  const locals = { customer, credit: await creditOf(req.deps.db, customerId), errors, values: req.body ?? {} };
  return res.status(status).render('credits/_region', { ...locals, ...history, oobHistory: !!history });
}

/** POST /customers/:id/credit-memos: gives store credit. */
export async function giveCredit(req: Request, res: Response) {
  const customerId = idParam(req, 'That customer');
  const { credit_reasons } = await getSettings(req.deps.db);
  const parsed = newMemo(credit_reasons).safeParse(req.body);
  if (!parsed.success) return region(req, res, customerId, 422, fieldErrors(parsed.error));
  const result = await createMemo(req.deps.db, req.user!, customerId, parsed.data);
  if (!result.ok) return region(req, res, customerId, 422, { source_order_id: result.message });
  req.body = {};
  return region(req, res, customerId);
}

/** POST /credit-memos/:id/void: what is left of the memo can no longer be spent. */
export async function voidCredit(req: Request, res: Response) {
  const memoId = idParam(req, 'That credit memo');
  const customerId = await memoCustomerId(req.deps.db, memoId);
  if (!customerId) throw new NotFoundError('That credit memo');
  const parsed = voidCommand.safeParse(req.body);
  const field = `void_${memoId}`;
  if (!parsed.success) return region(req, res, customerId, 422, { [field]: fieldErrors(parsed.error).void_reason });
  const result = await voidMemo(req.deps.db, req.user!, memoId, parsed.data.void_reason);
  if (!result.ok) return region(req, res, customerId, 409, { [field]: result.message });
  return region(req, res, result.customerId);
}
