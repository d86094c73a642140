import type { Request, Response } from 'express';
import { flash } from '../../http/flash';
import { redirectAfter } from '../../http/htmx';
import { parseId } from '../../http/params';
import { HttpError, NotFoundError } from '../../lib/results';
import { merge } from '../commands';
import { choiceRows, customChoiceRows, parseChoices, shareContact } from '../merge-choices';
import { mergeCustomers, mergePreview } from '../merges';
import { customerById, customFieldsOf } from '../queries';
import { loadCustomer } from './load';

export async function mergeForm(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const sourceId = parseId(req.query.source);
  const source = sourceId ? await customerById(req.deps.db, sourceId) : undefined;
  if (!source || source.id === customer.id) throw new NotFoundError('The customer to merge');
  if (!shareContact(customer, source))
    throw new HttpError(422, 'Only customers who share an email or a phone number can be merged.');
  const [moves, keptFields, sourceFields] = await Promise.all([
    mergePreview(req.deps.db, source.id),
    customFieldsOf(req.deps.db, customer.id),
    customFieldsOf(req.deps.db, source.id),
  ]);
  const rows = choiceRows(customer, source);
  const customRows = customChoiceRows(keptFields, sourceFields);
  return res.page('customers/merge', { title: 'Merge customers', customer, source, moves, rows, customRows });
}

export async function mergeInto(req: Request, res: Response) {
  const kept = await loadCustomer(req);
  const parsed = merge.safeParse(req.body);
  if (!parsed.success) throw new HttpError(422, 'Choose the customer to merge.');
  if (!(await customerById(req.deps.db, parsed.data.source_id))) throw new NotFoundError('The customer to merge');
  const choices = parseChoices(req.body);
  const result = await mergeCustomers(req.deps.db, req.user!, kept.id, parsed.data.source_id, choices);
  if (!result.ok) throw new HttpError(422, result.message);
  flash(req, 'success', `Customer #${parsed.data.source_id} was merged into this one.`);
  redirectAfter(req, res, `/customers/${kept.id}`);
}
