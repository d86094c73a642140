import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { LIVE_PURCHASE_STATUSES } from '../subscriptions/states';

type Q = Db | Knex.Transaction;

const COUPON_COLUMNS = [
  'c.id',
  'c.code',
  'c.percent_off',
  'c.amount_off_cents',
  'c.currency',
  'c.cycles',
  'c.valid_from',
  'c.valid_until',
  'c.max_redemptions',
  'c.created_at',
];

/** Redemptions of a coupon that still count against its limit (removed ones do not). */
const redeemedCount = (db: Q) =>
  db.raw(
    '(SELECT count(*) FROM coupon_redemptions r WHERE r.coupon_id = c.id AND r.removed_at IS NULL)::int AS redeemed',
  );

/** Cycles a redemption has lowered (a declined charge's application is given back). */
const appliedCount = (db: Q) =>
  db.raw(
    '(SELECT count(*) FROM coupon_applications a WHERE a.coupon_redemption_id = r.id AND a.returned_at IS NULL)::int AS applied',
  );

export const couponList = (db: Db) =>
  db('coupons as c')
    .select(...COUPON_COLUMNS, redeemedCount(db))
    .orderBy('c.id', 'desc');

export const couponByCode = (db: Q, code: string) =>
  db('coupons as c')
    .select(...COUPON_COLUMNS, redeemedCount(db))
    .where('c.code', code)
    .first();

/** A customer's redemptions, newest first, with the coupon's terms and how many cycles each lowered. */
export const redemptionsOf = (db: Db, customerId: number) =>
  db('coupon_redemptions as r')
    .join('coupons as c', 'c.id', 'r.coupon_id')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select(
      'r.id',
      'r.purchase_id',
      'r.created_at',
      'r.removed_at',
      'c.code',
      'c.percent_off',
      'c.amount_off_cents',
      'c.currency',
      'c.cycles',
      'u.name as created_by_name',
      appliedCount(db),
    )
    .where('r.customer_id', customerId)
    .orderBy('r.id', 'desc');

/** The redemption a purchase's next cycle would use, with its coupon's terms. */
export const liveRedemption = (db: Q, purchaseId: number) =>
  db('coupon_redemptions as r')
    .join('coupons as c', 'c.id', 'r.coupon_id')
    .select('r.id', 'c.code', 'c.percent_off', 'c.amount_off_cents', 'c.cycles', appliedCount(db))
    .where('r.purchase_id', purchaseId)
    .whereNull('r.removed_at')
    .first();

/** The customer's live subscriptions a coupon can be redeemed on, with their product. */
export const livePurchases = (db: Db, customerId: number) =>
  db('purchases as p')
    .join('product_options as o', 'o.id', 'p.product_option_id')
    .join('products as pr', 'pr.id', 'o.product_id')
    .select('p.id', 'p.status', 'pr.name as product_name', 'o.name as option_name')
    .where('p.customer_id', customerId)
    .whereIn('p.status', LIVE_PURCHASE_STATUSES)
    .orderBy('p.id');
