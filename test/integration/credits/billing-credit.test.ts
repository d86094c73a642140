import type { SessionUser } from '../../../src/auth/service';
import { redeemCoupon } from '../../../src/coupons/service';
import { createMemo, creditOf, voidMemo } from '../../../src/credits/service';
import { createDb, type Db } from '../../../src/db/knex';
import type { Deps } from '../../../src/deps';
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { billPurchase } from '../../../src/subscriptions/billing';
import { testConfig } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionUser } from '../../support/users';

describe('credit memos and coupons in billing', () => {
  let t: TestDatabase;
  let gatewayDb: Db;
  let deps: Deps;
  let lead: SessionUser;
  const actor = { kind: 'job' as const, name: 'test' };
  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    gatewayDb = createDb(t.url, { max: 3 });
    deps = {
      config: testConfig(),
      db: t.db,
      clock: new ManualClock(new Date()),
      logger: createLogger('silent'),
      gateway: new TestGateway(gatewayDb),
    };
    lead = await sessionUser(t.db, 'lead@example.com');
    await t.db('coupons').insert({ code: 'HALF', percent_off: 50, cycles: null });
  });
  afterAll(async () => {
    await gatewayDb.destroy();
    await t.drop();
  });

  const purchaseOf = async (email: string) =>
    t
      .db('purchases')
      .where({ customer_id: (await t.db('customers').where({ email }).first()).id })
      .first();
  const balance = async (customerId: number) => (await creditOf(t.db, customerId)).balances;
  let keys = 0;
  const give = (customerId: number, amount_cents: number) =>
    createMemo(t.db, lead, customerId, { amount_cents, reason: 'Goodwill', idempotency_key: `memo-key-${++keys}` });

  it('a declined card gives back the credit and the coupon cycle it held', async () => {
    const p = await purchaseOf('rita.recycling@example.com'); // card 4000000000000002 declines
    await give(p.customer_id, 500);
    expect(
      await redeemCoupon(t.db, lead, p.customer_id, { code: 'HALF', purchase_id: p.id }, '2026-01-01'),
    ).toMatchObject({ ok: true });
    const r = await billPurchase(deps, actor, p.id, 'declined-with-credit');
    expect(r).toMatchObject({ ok: false, code: 'declined' });
    const sale = await t.db('transactions').where({ idempotency_key: 'declined-with-credit' }).first();
    expect(Number(sale.discount_cents)).toBeGreaterThan(0);
    expect(sale.credit_used_cents).toBe(500);
    expect((await t.db('credit_uses').where({ transaction_id: sale.id }).first()).returned_at).not.toBeNull();
    expect((await t.db('coupon_applications').where({ transaction_id: sale.id }).first()).returned_at).not.toBeNull();
    expect(await balance(p.customer_id)).toEqual([['USD', 500]]);
  });

  it('credit that covers the whole cycle bills it without the card, and the balance is what is left', async () => {
    const p = await purchaseOf('tara.trial@example.com');
    const price = p.quantity * (p.next_price_cents ?? p.unit_price_cents);
    await give(p.customer_id, price + 100);
    const r = await billPurchase(deps, actor, p.id, 'all-credit');
    expect(r).toMatchObject({ ok: true });
    expect((r as { message: string }).message).toContain('from credit');
    expect(await t.db('transactions').where({ idempotency_key: 'all-credit' }).first()).toBeUndefined();
    expect(await t.db('credit_uses').where({ purchase_id: p.id, transaction_id: null })).toMatchObject([
      { amount_cents: price },
    ]);
    expect(await balance(p.customer_id)).toEqual([['USD', 100]]);
  });

  it('a voided memo is no longer spent; voiding twice is refused; a resubmitted memo form gives credit once', async () => {
    const p = await purchaseOf('victor.voidable@example.com');
    const memo = await give(p.customer_id, 300);
    if (!memo.ok) throw new Error('not given');
    expect(
      await createMemo(t.db, lead, p.customer_id, {
        amount_cents: 300,
        reason: 'Goodwill',
        idempotency_key: `memo-key-${keys}`,
      }),
    ).toEqual({ ok: true, id: memo.id });
    expect(await voidMemo(t.db, lead, memo.id, 'mistake')).toMatchObject({ ok: true });
    expect(await voidMemo(t.db, lead, memo.id, 'mistake')).toMatchObject({ ok: false, code: 'already_voided' });
    expect(await balance(p.customer_id)).toEqual([]);
    await billPurchase(deps, actor, p.id, 'after-void');
    expect((await t.db('transactions').where({ idempotency_key: 'after-void' }).first()).credit_used_cents).toBe(0);
  });

  it('a memo for an order of another customer is refused', async () => {
    const other = await purchaseOf('alice.refundable@example.com');
    const p = await purchaseOf('tara.trial@example.com');
    expect(
      await createMemo(t.db, lead, p.customer_id, {
        amount_cents: 100,
        reason: 'Goodwill',
        source_order_id: other.order_id,
        idempotency_key: 'memo-other-order',
      }),
    ).toMatchObject({ ok: false, code: 'not_their_order' });
  });
});
