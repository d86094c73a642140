import type { Request, Response } from 'express';
import { fieldErrors } from '../../http/forms';
import { redirectAfter } from '../../http/htmx';
import { idParam } from '../../http/params';
import { getSettings } from '../../settings/service';
import { cancelFromPortal, updateCard } from '../actions';
import { parseAddresses, updateAddresses } from '../addresses';
import { newCard, portalCancel } from '../commands';
import { portalOverview } from '../overview';
import { portalPage } from '../render';
import { accessOf, cardLocals, mayDo } from './pages';

/** POST /portal/:token/subscriptions/:id/cancellation: the second click; then the confirmation page. */
export async function cancel(req: Request, res: Response) {
  mayDo(res, 'cancel');
  const access = accessOf(res);
  const id = idParam(req, 'That subscription');
  const { cancellation_reasons: reasons } = await getSettings(req.deps.db);
  const input = portalCancel(reasons).safeParse(req.body);
  const result = input.success
    ? await cancelFromPortal(req.deps, access, id, input.data.reason)
    : { ok: false as const, message: fieldErrors(input.error).reason };
  if (result.ok) return redirectAfter(req, res, `${res.locals.base}/subscriptions/${id}/cancellation`);
  const data = await portalOverview(req.deps, access);
  const errors = { [`cancel-${id}`]: result.message };
  return portalPage(
    res,
    'portal/show',
    { ...data, customer: access.customer, link: access.link, errors, done: '' },
    422,
  );
}

/** POST /portal/:token/card: a sandbox card number (test gateway); a real gateway says what to do instead. */
export async function saveCard(req: Request, res: Response) {
  mayDo(res, 'card');
  const input = newCard(req.deps.clock.now()).safeParse(req.body);
  const values = { ...req.body, card_number: '' };
  const title = 'Update your card';
  if (!input.success)
    return portalPage(res, 'portal/card', { title, ...cardLocals(req, values, fieldErrors(input.error)) }, 422);
  const result = await updateCard(req.deps, accessOf(res), input.data);
  if (!result.ok)
    return portalPage(res, 'portal/card', { title, ...cardLocals(req, values, { _: result.message }) }, 422);
  return redirectAfter(req, res, `${res.locals.base}?done=card`);
}

/** POST /portal/:token/address: billing and shipping together, checked as the profile checks them. */
export async function saveAddresses(req: Request, res: Response) {
  mayDo(res, 'address');
  const parsed = parseAddresses(req.body);
  if (!parsed.ok)
    return portalPage(res, 'portal/address', { title: 'Your addresses', values: req.body, errors: parsed.errors }, 422);
  await updateAddresses(req.deps, accessOf(res), parsed.values);
  return redirectAfter(req, res, `${res.locals.base}?done=address`);
}
