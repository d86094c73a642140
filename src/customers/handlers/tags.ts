import type { Request, Response } from 'express';
import { fieldErrors } from '../../http/forms';
import { tag as tagCommand } from '../commands';
import { changeTag } from '../tags';
import { loadCustomer } from './load';

export async function addTag(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const parsed = tagCommand.safeParse(req.body);
  if (!parsed.success) {
    const locals = { customer, errors: fieldErrors(parsed.error), value: req.body.tag ?? '' };
    return res.status(422).render('customers/_tags', locals);
  }
  customer.tags = await changeTag(req.deps.db, req.user!, customer.id, parsed.data.tag, 'add');
  return res.render('customers/_tags', { customer, errors: {}, value: '' });
}

export async function removeTag(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  customer.tags = await changeTag(req.deps.db, req.user!, customer.id, String(req.params.tag), 'remove');
  return res.render('customers/_tags', { customer, errors: {}, value: '' });
}
