import type { Request, Response } from 'express';
import { getSettings } from '../../settings/service';
import { cancelWithMode } from '../../subscriptions/cancel-modes';
import { found, idFrom, parse, principal, succeeded } from '../http';
import { purchaseJson } from '../present';
import { ApiProblem } from '../problems';
import { purchases } from '../queries';
import { CancellationCreate } from '../schemas/requests';

const show = async (req: Request, id: number) =>
  purchaseJson(found(await purchases(req.deps.db).where('p.id', id).first(), 'That purchase'));

export async function get(req: Request, res: Response) {
  res.json(await show(req, idFrom(req, 'That purchase')));
}

/**
 * The reason is one of the account's cancellation reasons (Admin → Settings), as the purchase page
 * offers them; matched ignoring case and spaces, kept in the list's own words.
 */
async function cancellationReason(req: Request, given: string): Promise<string> {
  const { cancellation_reasons: reasons } = await getSettings(req.deps.db);
  const key = (r: string) => r.trim().replace(/\s+/g, ' ').toLowerCase();
  const reason = reasons.find((r) => key(r) === key(given));
  if (reason) return reason;
  throw new ApiProblem(422, 'validation_failed', 'Use one of the cancellation reasons.', {
    reason: `One of: ${reasons.join(', ')}`,
  });
}

/**
 * Cancels now, or at the end of the current cycle (`after_next`: the next bill date ends it instead of
 * billing), through the same service as the purchase page.
 */
export async function cancel(req: Request, res: Response) {
  const body = parse(CancellationCreate, req.body);
  const id = idFrom(req, 'That purchase');
  const reason = await cancellationReason(req, body.reason);
  const mode = body.when === 'now' ? 'now' : 'before_next_billing';
  const input = { mode, reason, continueBilling: false, refundLast: false, key: '' } as const;
  succeeded(await cancelWithMode(req.deps, principal(res), id, input));
  res.status(201).json(await show(req, id));
}
