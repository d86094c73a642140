import type { Request, Response } from 'express';
import { fieldErrors } from '../http/forms';
import * as service from './customer-service';

/** PATCH /admin/settings/customer-service: call dispositions and "restrict customer search". */
export async function update(req: Request, res: Response) {
  const parsed = service.customerServiceCommand.safeParse(req.body);
  if (!parsed.success) {
    const typed = {
      call_dispositions: String(req.body.call_dispositions ?? '').split(/\r?\n/),
      restrict_customer_search: req.body.restrict_customer_search === '1',
    };
    const locals = { csSettings: typed, csErrors: fieldErrors(parsed.error), csSaved: false };
    return res.status(422).render('settings/_customer_service', locals);
  }
  const saved = await service.updateCustomerServiceSettings(req.deps.db, req.user!, parsed.data);
  return res.render('settings/_customer_service', { csSettings: saved, csErrors: {}, csSaved: true });
}
