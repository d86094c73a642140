import type { Request, Response } from 'express';
import { fieldErrors } from '../http/forms';
import { flash } from '../http/flash';
import { redirectAfter } from '../http/htmx';
import type { Result } from '../lib/results';
import { refundReasons } from '../payments/queries';
import { getSettings } from '../settings/service';
import { cancelWithMode, pauseWithMode, undoSchedule } from './cancel-modes';
import { id, render, today } from './handlers';
import { modeCommands } from './mode-commands';

const commandsFor = async (req: Request) =>
  modeCommands(today(req), (await getSettings(req.deps.db)).cancellation_reasons, await refundReasons(req.deps.db));

/** The answer to a cancel, pause or undo: the page again with the messages (422), or a flash and the page. */
async function answer(req: Request, res: Response, result: Result<{ message: string }>) {
  if (!result.ok) return render(req, res, { ...(result.fields ?? {}), _: result.message }, req.body, 422);
  flash(req, 'success', result.message);
  redirectAfter(req, res, `/purchases/${id(req)}`);
}

/** POST /purchases/:id/cancellation: now, after the next successful billing, before the next billing, or on a date. */
export async function cancel(req: Request, res: Response) {
  const parsed = (await commandsFor(req)).cancel.safeParse(req.body ?? {});
  if (!parsed.success) return render(req, res, fieldErrors(parsed.error), req.body, 422);
  const { mode, reason, date, continue_billing, refund_last, refund_reason, idempotency_key } = parsed.data;
  const input = { mode, reason, date, continueBilling: continue_billing, refundLast: refund_last };
  const key = idempotency_key;
  return answer(
    req,
    res,
    await cancelWithMode(req.deps, req.user!, id(req), { ...input, refundReason: refund_reason, key }),
  );
}

/** POST /purchases/:id/pause: now, or before the next billing; either way it bills again on the restart date. */
export async function pause(req: Request, res: Response) {
  const parsed = (await commandsFor(req)).pause.safeParse(req.body ?? {});
  if (!parsed.success) return render(req, res, fieldErrors(parsed.error), req.body, 422);
  const input = { mode: parsed.data.mode, restartDate: parsed.data.restart_date };
  return answer(req, res, await pauseWithMode(req.deps, req.user!, id(req), input));
}

/** DELETE /purchases/:id/schedule: undo the scheduled cancellation or pause. */
export async function undo(req: Request, res: Response) {
  return answer(req, res, await undoSchedule(req.deps, req.user!, id(req)));
}
