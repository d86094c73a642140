import type { Request, Response } from 'express';
import { customerById } from '../../customers/queries';
import { fieldErrors } from '../../http/forms';
import { idParam } from '../../http/params';
import { NotFoundError } from '../../lib/results';
import { newLink } from '../commands';
import { createLink, DEFAULT_DAYS, linksOf, linkState, PURPOSE_LABELS, PURPOSES, revokeLink } from '../links';

/** What `portal/_links` shows for a customer (also sent out of band when KYC made a documents link). */
export async function linksRegion(req: Request, customerId: number) {
  const customer = await customerById(req.deps.db, customerId);
  if (!customer) throw new NotFoundError('That customer');
  const links = await linksOf(req.deps.db, customer.id);
  const now = req.deps.clock.now();
  return {
    customer,
    links: links.map((l) => ({ ...l, state: linkState(l, now) })),
    PURPOSES,
    PURPOSE_LABELS,
    values: { purpose: 'portal', days: DEFAULT_DAYS, email: '1' },
    errors: {},
    created: null,
  };
}

async function region(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const locals = await linksRegion(req, idParam(req, 'That customer'));
  return res.status(status).render('portal/_links', { ...locals, ...extra });
}

/** GET /customers/:id/portal-links: the profile's portal region (loaded by the profile after it shows). */
export const list = (req: Request, res: Response) => region(req, res);

/** POST /customers/:id/portal-links: a new link, emailed or shown once to paste into a chat. */
export async function create(req: Request, res: Response) {
  const parsed = newLink.safeParse(req.body);
  if (!parsed.success) return region(req, res, { values: req.body, errors: fieldErrors(parsed.error) }, 422);
  const created = await createLink(req.deps, req.user!, idParam(req, 'That customer'), parsed.data);
  return region(req, res, { created }, 201);
}

/** DELETE /customers/:id/portal-links/:linkId: the link stops working at once. */
export async function revoke(req: Request, res: Response) {
  await revokeLink(req.deps, req.user!, idParam(req, 'That customer'), idParam(req, 'That portal link', 'linkId'));
  return region(req, res);
}
