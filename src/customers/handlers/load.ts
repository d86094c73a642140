import type { Request } from 'express';
import { idParam } from '../../http/params';
import { NotFoundError } from '../../lib/results';
import { customerById } from '../queries';

export const customerId = (req: Request) => idParam(req, 'That customer');

/** The customer named by `:id`, or a 404 in our words. */
export async function loadCustomer(req: Request) {
  const customer = await customerById(req.deps.db, customerId(req));
  if (!customer) throw new NotFoundError('That customer');
  return customer;
}
