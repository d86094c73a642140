import { redirectAfter } from '../http/htmx';
import { idParam } from '../http/params';
import type { Request, Response } from 'express';
import { fieldErrors } from '../http/forms';
import { flash } from '../http/flash';
import { dayIn } from '../lib/clock';
import type { PurchaseAction } from './states';
import { commands } from './commands';
import { actOnPurchase, purchasePage } from './service';
import { billPurchase } from './billing';
import { recycleState } from './recycle-profiles';
import { actorOf } from '../audit/record';

export const id = (req: Request) => idParam(req, 'That subscription');
export const today = (req: Request) => dayIn(req.deps.clock.now(), req.deps.config.tz);

export async function render(
  req: Request,
  res: Response,
  errors = {},
  values: Record<string, unknown> = {},
  status = 200,
) {
  const page = await purchasePage(req.deps.db, id(req));
  const title = `Subscription #${page.purchase.id}`;
  const recycle = await recycleState(req.deps.db, page.purchase);
  return res.page('subscriptions/show', { title, ...page, recycle, today: today(req), errors, values }, status);
}

export const show = (req: Request, res: Response) => render(req, res);

function act(action: PurchaseAction, command?: keyof ReturnType<typeof commands>) {
  return async (req: Request, res: Response) => {
    let input: Record<string, unknown> = {};
    if (command) {
      const parsed = commands(today(req))[command].safeParse(req.body ?? {});
      if (!parsed.success) return render(req, res, fieldErrors(parsed.error), req.body, 422);
      input = parsed.data;
    }
    const result = await actOnPurchase(req.deps, req.user!, id(req), action, input);
    if (!result.ok) return render(req, res, { ...(result.fields ?? {}), _: result.message }, req.body, 422);
    flash(req, 'success', result.message);
    redirectAfter(req, res, `/purchases/${id(req)}`);
  };
}

export const change = act('change', 'change');
export const restartTrial = act('restart_trial');
export const skipTrial = act('skip_trial');
export const stopTrial = act('stop_trial');
export const resume = act('resume', 'resume');

export async function forceBill(req: Request, res: Response) {
  const key =
    typeof req.body?.idempotency_key === 'string' && req.body.idempotency_key.length >= 8
      ? req.body.idempotency_key
      : null;
  if (!key) return render(req, res, { _: 'This form is missing its key; reload the page.' }, {}, 422);
  const result = await billPurchase(req.deps, actorOf(req.user!), id(req), key);
  if (!result.ok) return render(req, res, { _: result.message }, {}, 422);
  flash(req, 'success', result.message);
  redirectAfter(req, res, `/purchases/${id(req)}`);
}
