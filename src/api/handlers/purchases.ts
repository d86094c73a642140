import type { Request, Response } from 'express';
import { actOnPurchase } from '../../subscriptions/service';
import { found, idFrom, parse, principal, succeeded } from '../http';
import { purchaseJson } from '../present';
import { purchases } from '../queries';
import { CancellationCreate } from '../schemas/requests';

const show = async (req: Request, id: number) =>
  purchaseJson(found(await purchases(req.deps.db).where('p.id', id).first(), 'That purchase'));

export async function get(req: Request, res: Response) {
  res.json(await show(req, idFrom(req, 'That purchase')));
}

/** Cancels now, or after the next billing, through the same action as the purchase page. */
export async function cancel(req: Request, res: Response) {
  const body = parse(CancellationCreate, req.body);
  const id = idFrom(req, 'That purchase');
  const action = body.when === 'now' ? 'cancel_now' : 'cancel_after_next';
  succeeded(await actOnPurchase(req.deps, principal(res), id, action, { reason: body.reason }));
  res.status(201).json(await show(req, id));
}
