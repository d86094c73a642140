import type { Request, Response } from 'express';
import { historyPage } from '../../audit/queries';
import { isHtmx } from '../../http/htmx';
import { parseId } from '../../http/params';
import { profile, type Tab, tabData } from '../profile';
import { loadCustomer } from './load';

const profileOf = async (req: Request, tab: Tab) =>
  profile(req.deps.db, await loadCustomer(req), tab, req.deps.clock.now());

export async function show(req: Request, res: Response) {
  return res.page('customers/show', await profileOf(req, 'orders'));
}

/** GET /customers/:id/orders (and the other tabs): the tab fragment for htmx, or the profile on that tab. */
export function tab(name: Tab) {
  return async (req: Request, res: Response) => {
    if (!isHtmx(req)) return res.page('customers/show', await profileOf(req, name));
    const customer = await loadCustomer(req);
    return res.render(`customers/tabs/_${name}`, { customer, ...(await tabData(req.deps.db, customer.id, name)) });
  };
}

/** GET /customers/:id/history?before=: the next page of older history entries. */
export async function history(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const before = parseId(req.query.before) ?? undefined;
  return res.render('customers/_history_page', { customer, ...(await historyPage(req.deps.db, customer.id, before)) });
}
