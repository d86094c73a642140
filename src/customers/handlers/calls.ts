import type { Request, Response } from 'express';
import { historyPage } from '../../audit/queries';
import { fieldErrors } from '../../http/forms';
import { callDispositions } from '../../settings/customer-service';
import { callCommand, logCall } from '../calls';
import { loadCustomer } from './load';

/** POST /customers/:id/calls: the history again with the call on top; a bad form re-renders in its dialog. */
export async function addCall(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const dispositions = await callDispositions(req.deps.db);
  const parsed = callCommand(dispositions).safeParse(req.body);
  if (!parsed.success) {
    res.set({ 'HX-Retarget': '#call-form', 'HX-Reswap': 'outerHTML' });
    const locals = { customer, dispositions, values: req.body ?? {}, errors: fieldErrors(parsed.error) };
    return res.status(422).render('customers/_call_form', locals);
  }
  await logCall(req.deps.db, req.user!, customer.id, parsed.data);
  res.set('HX-Trigger', 'call-logged');
  return res
    .status(201)
    .render('customers/_history_page', { customer, ...(await historyPage(req.deps.db, customer.id)) });
}
