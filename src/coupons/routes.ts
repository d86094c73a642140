import { del, get, post } from '../http/route';
import * as h from './handlers';

export const couponRoutes = [
  get('/admin/coupons', 'coupons:manage', h.index),
  post('/admin/coupons', 'coupons:manage', h.create),
  post('/customers/:id/coupon-redemptions', 'purchases:manage', h.redeem),
  del('/coupon-redemptions/:id', 'purchases:manage', h.remove),
];
