import type { Request, Response } from 'express';
import { cancelWithMode } from '../../subscriptions/cancel-modes';
import { found, idFrom, parse, principal, succeeded } from '../http';
import { purchaseJson } from '../present';
import { purchases } from '../queries';
import { CancellationCreate } from '../schemas/requests';

const show = async (req: Request, id: number) =>
  purchaseJson(found(await purchases(req.deps.db).where('p.id', id).first(), 'That purchase'));

export async function get(req: Request, res: Response) {
  res.json(await show(req, idFrom(req, 'That purchase')));
}

/**
 * Cancels now, or at the end of the current cycle (`after_next`: the next bill date ends it instead of
 * billing), through the same service as the purchase page.
 */
export async function cancel(req: Request, res: Response) {
  const body = parse(CancellationCreate, req.body);
  const id = idFrom(req, 'That purchase');
  const mode = body.when === 'now' ? 'now' : 'before_next_billing';
  const input = { mode, reason: body.reason, continueBilling: false, refundLast: false, key: '' } as const;
  succeeded(await cancelWithMode(req.deps, principal(res), id, input));
  res.status(201).json(await show(req, id));
}
