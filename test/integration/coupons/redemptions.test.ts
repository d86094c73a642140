import type { SessionUser } from '../../../src/auth/service';
import { redeemCoupon, removeRedemption } from '../../../src/coupons/service';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionUser } from '../../support/users';

describe('redeeming a coupon', () => {
  let t: TestDatabase;
  let agent: SessionUser;
  let p: { id: number; customer_id: number };
  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    agent = await sessionUser(t.db, 'agent@example.com');
    const c = await t.db('customers').where({ email: 'alice.refundable@example.com' }).first();
    p = await t.db('purchases').where({ customer_id: c.id, status: 'active' }).first();
    await t.db('coupons').insert([
      { code: 'ONE', percent_off: 10, cycles: 1, max_redemptions: 1 },
      { code: 'LATER', percent_off: 10, valid_from: '2027-01-01' },
      { code: 'EURO', amount_off_cents: 500, currency: 'EUR' },
      { code: 'FIVE', amount_off_cents: 500, currency: 'USD' },
    ]);
  });
  afterAll(() => t.drop());

  const redeem = (code: string, purchaseId = p.id) =>
    redeemCoupon(t.db, agent, p.customer_id, { code, purchase_id: purchaseId }, '2026-11-25');

  it.each([
    ['NOPE', 'unknown_code', 'There is no coupon NOPE.'],
    ['LATER', 'not_valid_now', 'LATER can be redeemed from 2027-01-01, not today.'],
    ['EURO', 'wrong_currency', 'EURO is an amount in EUR; this subscription bills in USD.'],
  ])('%s is refused (%s) with a message on the code field', async (code, failure, message) => {
    expect(await redeem(code)).toEqual({ ok: false, code: failure, message, fields: { code: message } });
  });

  it('a subscription holds one coupon; once removed another can go on; the limit counts live redemptions', async () => {
    const first = await redeem('ONE');
    expect(first).toMatchObject({ ok: true });
    expect(await redeem('FIVE')).toMatchObject({ ok: false, code: 'has_coupon' });
    if (!first.ok) throw new Error('not redeemed');
    await removeRedemption(t.db, agent, first.id);
    expect(await removeRedemption(t.db, agent, first.id)).toEqual({ customerId: p.customer_id });
    expect(await redeem('FIVE')).toMatchObject({ ok: true });
    const other = await t.db('purchases').whereNot({ customer_id: p.customer_id }).where({ status: 'active' }).first();
    expect(await redeem('FIVE', other.id)).toMatchObject({ ok: false, code: 'not_live' });
    expect(await t.db('events').where({ kind: 'coupon.removed' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('the redemption limit is kept', async () => {
    const other = await t.db('purchases').whereNot({ customer_id: p.customer_id }).where({ status: 'active' }).first();
    await t.db('coupon_redemptions').insert({
      coupon_id: (await t.db('coupons').where({ code: 'ONE' }).first()).id,
      customer_id: other.customer_id,
      purchase_id: other.id,
    });
    await t.db('coupon_redemptions').where({ purchase_id: p.id }).update({ removed_at: new Date() });
    expect(await redeem('ONE')).toMatchObject({ ok: false, code: 'limit_reached' });
  });
});
