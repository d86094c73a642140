import type { Request, Response } from 'express';
import { flash } from '../../http/flash';
import { fieldErrors } from '../../http/forms';
import { redirectAfter } from '../../http/htmx';
import { newCustomer } from '../commands';
import { customersSharingContact } from '../queries';
import { createCustomer, deleteCustomer } from '../service';
import { loadCustomer } from './load';

const form = (values: unknown, errors = {}, duplicates: unknown[] = []) => ({
  title: 'Add customer',
  values,
  errors,
  duplicates,
});

export function newForm(_req: Request, res: Response) {
  return res.page('customers/new', form({}));
}

/** POST /customers: a possible duplicate (same email or phone) is shown first and needs a confirmation. */
export async function create(req: Request, res: Response) {
  const parsed = newCustomer.safeParse(req.body);
  if (!parsed.success) return res.page('customers/new', form(req.body, fieldErrors(parsed.error)), 422);
  const duplicates = await customersSharingContact(req.deps.db, parsed.data);
  if (duplicates.length && parsed.data.confirm_duplicate !== '1')
    return res.page('customers/new', form(req.body, {}, duplicates), 409);
  const newId = await createCustomer(req.deps.db, req.user!, parsed.data);
  flash(req, 'success', 'Customer added.');
  redirectAfter(req, res, `/customers/${newId}`);
}

export async function destroy(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const { cancelledPurchases } = await deleteCustomer(req.deps.db, req.user!, customer.id);
  const cancelled = cancelledPurchases ? ` and cancelled ${cancelledPurchases} live subscription(s)` : '';
  flash(req, 'success', `Deleted ${customer.first_name} ${customer.last_name}${cancelled}.`);
  redirectAfter(req, res, '/customers');
}
