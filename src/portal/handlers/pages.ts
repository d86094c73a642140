import type { NextFunction, Request, Response } from 'express';
import { idParam } from '../../http/params';
import { HttpError } from '../../lib/results';
import { linkAllows, openLink, type PortalAccess } from '../access';
import { portalOverview, receiptOf } from '../overview';
import { portalPage } from '../render';

const STATUS = { unknown: 404, expired: 410, revoked: 410 } as const;

/** In front of every portal route: the token must name a live link, else a plain page saying why. */
export function withLink(opened: boolean) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const found = await openLink(req.deps, req.params.token, opened);
    if (!found.ok) return portalPage(res, 'portal/gone', { message: found.message }, STATUS[found.code]);
    res.locals.access = found;
    res.locals.base = `/portal/${req.params.token}`;
    next();
  };
}

export const accessOf = (res: Response): PortalAccess => res.locals.access;

/** An action the link was not made for (a card link cannot cancel) is refused, not hidden only. */
export function mayDo(res: Response, action: string): void {
  if (!linkAllows(accessOf(res).link, action))
    throw new HttpError(403, 'This link cannot do that. Ask us for a new one.');
}

export async function show(req: Request, res: Response) {
  const access = accessOf(res);
  const data = await portalOverview(req.deps, access);
  return portalPage(res, 'portal/show', {
    ...data,
    customer: access.customer,
    link: access.link,
    errors: {},
    done: req.query.done,
  });
}

export async function receipt(req: Request, res: Response) {
  const r = await receiptOf(req.deps, accessOf(res), idParam(req, 'That receipt'));
  return portalPage(res, 'portal/receipt', { receipt: r, title: `Receipt #${r.id}` });
}

export async function cardForm(req: Request, res: Response) {
  mayDo(res, 'card');
  return portalPage(res, 'portal/card', { title: 'Update your card', ...cardLocals(req) });
}

export const cardLocals = (
  req: Request,
  values: Record<string, unknown> = {},
  errors: Record<string, string> = {},
) => ({
  sandbox: Boolean(req.deps.gateway.cardFromNumber),
  values,
  errors,
});

export async function addressForm(_req: Request, res: Response) {
  mayDo(res, 'address');
  return portalPage(res, 'portal/address', { title: 'Your addresses', values: accessOf(res).customer, errors: {} });
}

/** After a cancellation: what happened, shown from the row (a reload shows it again, acts no more). */
export async function cancelled(req: Request, res: Response) {
  const id = idParam(req, 'That subscription');
  const { purchases } = await portalOverview(req.deps, accessOf(res));
  const p = purchases.find((x) => x.id === id);
  if (!p) throw new HttpError(404, 'That subscription was not found.');
  return portalPage(res, 'portal/cancelled', { purchase: p, customer: accessOf(res).customer, title: 'Cancelled' });
}
