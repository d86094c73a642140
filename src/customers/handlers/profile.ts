import type { Request, Response } from 'express';
import { isHistoryKind } from '../../audit/history-kinds';
import { historyPage } from '../../audit/queries';
import { isHtmx } from '../../http/htmx';
import { parseId } from '../../http/params';
import { refundReasons } from '../../payments/queries';
import { profile, type Tab, tabData } from '../profile';
import * as lists from '../lists';
import { rememberProfileView } from '../recent';
import { loadCustomer } from './load';

const profileOf = async (req: Request, tab: Tab) =>
  profile(req.deps.db, await loadCustomer(req), tab, req.deps.clock.now());

/** GET /customers/:id: the profile; it also heads this user's recent customers (a cookie). */
export async function show(req: Request, res: Response) {
  const locals = await profileOf(req, 'orders');
  rememberProfileView(req, res, locals.customer.id);
  return res.page('customers/show', locals);
}

/** GET /customers/:id/orders (and the other tabs): the tab fragment for htmx, or the profile on that tab. */
export function tab(name: Tab) {
  return async (req: Request, res: Response) => {
    if (!isHtmx(req)) return res.page('customers/show', await profileOf(req, name));
    const customer = await loadCustomer(req);
    // "Older orders" asks the orders tab for the rows after `before` alone.
    const before = parseId(req.query.before) ?? undefined;
    const view = name === 'orders' && before ? 'orders/_list_rows' : `customers/tabs/_${name}`;
    return res.render(view, { customer, ...(await tabData(req.deps.db, customer.id, name, before)) });
  };
}

/** GET /customers/:id/history?before=&kind=: the next page of older entries, or one kind's first page. */
export async function history(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const before = parseId(req.query.before) ?? undefined;
  const kind = isHistoryKind(req.query.kind) ? req.query.kind : undefined;
  const page = await historyPage(req.deps.db, customer.id, before, kind);
  return res.render('customers/_history_page', { customer, ...page });
}

/** GET /customers/:id/transactions?before=ID (and /fulfillments): the next older page's rows, for "Older". */
export function olderRows(list: 'transactions' | 'fulfillments') {
  return async (req: Request, res: Response) => {
    const customer = await loadCustomer(req);
    const page = { before: parseId(req.query.before) ?? undefined };
    const db = req.deps.db;
    if (list === 'fulfillments') {
      const { rows, more } = lists.paged(await lists.fulfillmentsPage(db, customer.id, page));
      return res.render('fulfillments/_rows', {
        customer,
        fulfillments: rows,
        fulfillmentsMore: more,
        scope: 'customer',
      });
    }
    const [{ rows, more }, reasons] = await Promise.all([
      lists.transactionsPage(db, customer.id, page).then(lists.paged),
      refundReasons(db),
    ]);
    return res.render('customers/_transaction_rows', { customer, transactions: rows, transactionsMore: more, reasons });
  };
}
