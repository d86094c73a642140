import { actorOf, recordEvent, userIdOf } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import { LIVE_PURCHASE_STATUSES } from '../subscriptions/states';
import type { NewCoupon } from './commands';
import { couponByCode, livePurchases, redemptionsOf } from './queries';

/** "25% off, 2 cycles", "$5.00 off, forever": a coupon's terms in the words the pages use. */
export function termsOf(c: {
  percent_off: number | null;
  amount_off_cents: number | string | null;
  currency: string | null;
  cycles: number | null;
}): string {
  const off = c.percent_off ? `${c.percent_off}% off` : `${formatMoney(Number(c.amount_off_cents), c.currency!)} off`;
  const cycles = c.cycles === null ? 'forever' : c.cycles === 1 ? 'once' : `${c.cycles} cycles`;
  return `${off}, ${cycles}`;
}

export async function createCoupon(db: Db, user: SessionUser, input: NewCoupon): Promise<Result<{ id: number }>> {
  return db.transaction(async (trx) => {
    if (await couponByCode(trx, input.code))
      return fail('code_taken', 'That code exists already.', { code: `${input.code} exists already; pick another.` });
    const [row] = await trx('coupons')
      .insert({ ...input, created_by: userIdOf(user) })
      .returning('id');
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'coupon.created',
      subject: { type: 'coupon', id: row.id },
      summary: `Created coupon ${input.code}: ${termsOf(input)}`,
      after: input,
    });
    return { ok: true as const, id: Number(row.id) };
  });
}

const refused = (code: string, message: string) => fail(code, message, { code: message });

/**
 * Redeems a coupon on one of the customer's live subscriptions: from the next rebill on, each cycle
 * is lowered until the coupon's cycles are used. The coupon row is locked so two agents cannot pass
 * its redemption limit together; a subscription holds one coupon at a time.
 */
export async function redeemCoupon(
  db: Db,
  user: SessionUser,
  customerId: number,
  input: { code: string; purchase_id: number },
  today: string,
): Promise<Result<{ id: number }>> {
  return db.transaction(async (trx) => {
    const p = await trx('purchases').where({ id: input.purchase_id, customer_id: customerId }).forUpdate().first();
    if (!p || !LIVE_PURCHASE_STATUSES.includes(p.status))
      return fail('not_live', 'Choose one of this customer’s live subscriptions.', {
        purchase_id: 'Choose one of this customer’s live subscriptions.',
      });
    const found = await trx('coupons').where({ code: input.code }).forUpdate().first('id');
    const c = found ? await couponByCode(trx, input.code) : null;
    if (!c) return refused('unknown_code', `There is no coupon ${input.code}.`);
    if ((c.valid_from && today < c.valid_from) || (c.valid_until && today > c.valid_until)) {
      const window = [c.valid_from && `from ${c.valid_from}`, c.valid_until && `until ${c.valid_until}`];
      return refused('not_valid_now', `${c.code} can be redeemed ${window.filter(Boolean).join(' ')}, not today.`);
    }
    if (c.max_redemptions !== null && c.redeemed >= c.max_redemptions)
      return refused('limit_reached', `${c.code} has been redeemed ${c.redeemed} times, its limit.`);
    if (c.currency && c.currency !== p.currency)
      return refused(
        'wrong_currency',
        `${c.code} is an amount in ${c.currency}; this subscription bills in ${p.currency}.`,
      );
    const held = await trx('coupon_redemptions as r')
      .join('coupons as c', 'c.id', 'r.coupon_id')
      .where({ 'r.purchase_id': p.id })
      .whereNull('r.removed_at')
      .first('c.code');
    if (held) return refused('has_coupon', `Subscription #${p.id} has coupon ${held.code}; remove it first.`);
    const [r] = await trx('coupon_redemptions')
      .insert({ coupon_id: c.id, customer_id: customerId, purchase_id: p.id, created_by: userIdOf(user) })
      .returning('id');
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'coupon.redeemed',
      customerId,
      subject: { type: 'purchase', id: p.id },
      summary: `Redeemed coupon ${c.code} (${termsOf(c)}) on subscription #${p.id}`,
      after: { coupon: c.code, purchase_id: p.id },
    });
    return { ok: true as const, id: Number(r.id) };
  });
}

/**
 * Takes a coupon off its subscription: later cycles are billed at full price; cycles already lowered
 * stay so. Removing it again (a second tab) changes nothing.
 */
export async function removeRedemption(
  db: Db,
  user: SessionUser,
  redemptionId: number,
): Promise<{ customerId: number }> {
  return db.transaction(async (trx) => {
    const r = await trx('coupon_redemptions').where({ id: redemptionId }).forUpdate().first();
    if (!r) throw new NotFoundError('That coupon redemption');
    if (r.removed_at) return { customerId: Number(r.customer_id) };
    await trx('coupon_redemptions')
      .where({ id: r.id })
      .update({ removed_at: trx.fn.now(), removed_by: userIdOf(user) });
    const c = await trx('coupons').where({ id: r.coupon_id }).first('code');
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'coupon.removed',
      customerId: r.customer_id,
      subject: { type: 'purchase', id: r.purchase_id },
      summary: `Removed coupon ${c.code} from subscription #${r.purchase_id}`,
      before: { coupon: c.code, purchase_id: r.purchase_id },
    });
    return { customerId: Number(r.customer_id) };
  });
}

/** The coupon region of the profile: every redemption with its state, and the subscriptions a coupon can go on. */
export async function couponsOf(db: Db, customerId: number) {
  const [rows, purchases] = await Promise.all([redemptionsOf(db, customerId), livePurchases(db, customerId)]);
  const redemptions = rows.map((r) => ({
    ...r,
    terms: termsOf(r),
    state: r.removed_at ? 'removed' : r.cycles !== null && r.applied >= r.cycles ? 'used up' : 'live',
  }));
  return { redemptions, purchases };
}
