import type { Request, Response } from 'express';
import { historyPage } from '../audit/queries';
import { customerById } from '../customers/queries';
import { flash } from '../http/flash';
import { fieldErrors } from '../http/forms';
import { redirectAfter } from '../http/htmx';
import { idParam } from '../http/params';
import { dayIn } from '../lib/clock';
import { NotFoundError } from '../lib/results';
import { newCoupon, redemption } from './commands';
import { couponList } from './queries';
import { couponsOf, createCoupon, redeemCoupon, removeRedemption, termsOf } from './service';

const page = async (req: Request, res: Response, errors: Record<string, string> = {}, status = 200) =>
  res.page(
    'coupons/index',
    {
      title: 'Coupons',
      coupons: await couponList(req.deps.db),
      termsOf,
      errors,
      values: status === 200 ? {} : req.body,
    },
    status,
  );

export const index = (req: Request, res: Response) => page(req, res);

/** POST /admin/coupons */
export async function create(req: Request, res: Response) {
  const parsed = newCoupon.safeParse(req.body);
  if (!parsed.success) return page(req, res, fieldErrors(parsed.error), 422);
  const result = await createCoupon(req.deps.db, req.user!, parsed.data);
  if (!result.ok) return page(req, res, result.fields ?? {}, 422);
  flash(req, 'success', `Coupon ${parsed.data.code} created: ${termsOf(parsed.data)}.`);
  redirectAfter(req, res, '/admin/coupons');
}

/** The coupon region again (with the history out of band after a change), or the form's errors with `status`. */
async function region(req: Request, res: Response, customerId: number, status = 200, errors = {}) {
  const customer = await customerById(req.deps.db, customerId);
  if (!customer) throw new NotFoundError('That customer');
  const history = status === 200 ? await historyPage(req.deps.db, customerId) : null;
  const locals = { customer, coupons: await couponsOf(req.deps.db, customerId), errors, values: req.body ?? {} };
  return res.status(status).render('coupons/_region', { ...locals, ...history, oobHistory: !!history });
}

/** POST /customers/:id/coupon-redemptions: a coupon on one of the customer's subscriptions. */
export async function redeem(req: Request, res: Response) {
  const customerId = idParam(req, 'That customer');
  const parsed = redemption.safeParse(req.body);
  if (!parsed.success) return region(req, res, customerId, 422, fieldErrors(parsed.error));
  const today = dayIn(req.deps.clock.now(), req.deps.config.tz);
  const result = await redeemCoupon(req.deps.db, req.user!, customerId, parsed.data, today);
  if (!result.ok) return region(req, res, customerId, 422, result.fields ?? {});
  req.body = {};
  return region(req, res, customerId);
}

/** DELETE /coupon-redemptions/:id: later cycles are billed at full price. */
export async function remove(req: Request, res: Response) {
  const { customerId } = await removeRedemption(req.deps.db, req.user!, idParam(req, 'That coupon redemption'));
  return region(req, res, customerId);
}
