import type { Deps } from '../../../src/deps';
import type { ManualClock } from '../../../src/lib/clock';
import { runRebills } from '../../../src/subscriptions/rebill';
import { recycleState, saveRecycleProfile } from '../../../src/subscriptions/recycle-profiles';
import type { TestDatabase } from '../../support/db';
import { billingWorld, continuityProduct, customerWithPurchase } from '../../support/subscriptions';
import { sessionUser } from '../../support/users';

describe('recycle billing profiles drive the declined rebill', () => {
  let t: TestDatabase;
  let deps: Deps;
  let clock: ManualClock;
  let product: Awaited<ReturnType<typeof continuityProduct>>;
  let close: () => Promise<unknown>;

  beforeAll(async () => {
    ({ t, deps, clock, close } = await billingWorld('2026-11-24T06:30:00Z'));
    product = await continuityProduct(t.db, { sku: 'RC', name: 'Recycled', trialCents: 0, rebillCents: 4000 });
  });
  afterAll(() => close());

  async function due(card: string) {
    const p = await customerWithPurchase(t.db, product, {
      card,
      purchase: {
        quantity: 2,
        unit_price_cents: 4000,
        billing_cycle: 1,
        next_bill_date: '2026-11-24',
        status: 'trial',
      },
    });
    return p.purchaseId;
  }
  const purchase = (id: number) => t.db('purchases').where({ id }).first();
  const run = async (iso: string) => {
    clock.set(new Date(iso));
    await runRebills(deps);
  };

  it("a soft decline follows the product's profile: its delays, its reduced price, its minimum; then cancels", async () => {
    const owner = await sessionUser(t.db, 'owner@example.com');
    const saved = await saveRecycleProfile(t.db, owner, null, {
      name: 'Discounting',
      is_default: false,
      product_ids: [product.productId],
      attempts: [
        { delay_days: 3, reduction: { kind: 'percent', percent: 25 }, min_price_cents: null },
        { delay_days: 2, reduction: { kind: 'flat', cents: 3000 }, min_price_cents: 1500 },
      ],
    });
    expect(saved.ok).toBe(true);
    const id = await due('4000000000000002');
    await run('2026-11-24T06:30:00Z');
    expect(await purchase(id)).toMatchObject({
      status: 'recycling',
      recycle_attempts: 1,
      next_bill_date: '2026-11-27',
      next_price_cents: 3000,
    });
    expect(await recycleState(t.db, await purchase(id))).toMatchObject({
      profile: 'Discounting',
      retries: 2,
      done: 1,
      lastDecline: 'Insufficient funds',
      lastDeclineKind: 'soft',
    });
    await run('2026-11-26T06:30:00Z'); // not due yet
    expect((await purchase(id)).recycle_attempts).toBe(1);
    await run('2026-11-27T06:30:00Z');
    expect(await purchase(id)).toMatchObject({
      recycle_attempts: 2,
      next_bill_date: '2026-11-29',
      next_price_cents: 1500,
    });
    await run('2026-11-29T06:30:00Z');
    expect(await purchase(id)).toMatchObject({ status: 'cancelled', cancel_reason: 'Rebill declined' });
    const charged = await t.db('transactions').where({ purchase_id: id }).orderBy('id').pluck('amount_cents');
    expect(charged.map(Number)).toEqual([8000, 6000, 3000]); // 2 × 40.00, 2 × 30.00, 2 × 15.00
    const events = await t
      .db('events')
      .where({ kind: 'purchase.recycling', subject_id: String(id) })
      .orderBy('id');
    expect(events[0].summary).toBe(
      `Rebill of subscription #${id} declined (Insufficient funds, soft); retry 1 of 2 on 2026-11-27 at $30.00 each (Discounting)`,
    );
  });

  it('a hard decline is not recycled: the subscription is cancelled at once', async () => {
    const id = await due('4000000000000069');
    await run('2026-11-24T06:30:00Z');
    expect(await purchase(id)).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'Rebill declined',
      recycle_attempts: 0,
    });
    const cancelled = await t
      .db('events')
      .where({ kind: 'purchase.cancelled', subject_id: String(id) })
      .first();
    expect(cancelled.summary).toContain('hard declined');
  });

  it('one profile is always the default, and names are unique', async () => {
    const owner = await sessionUser(t.db, 'owner@example.com');
    const standard = await t.db('recycle_profiles').where({ is_default: true }).first();
    const input = { name: 'Standard', is_default: false, product_ids: [], attempts: [] };
    expect(await saveRecycleProfile(t.db, owner, Number(standard.id), input)).toMatchObject({ code: 'default_needed' });
    expect(await saveRecycleProfile(t.db, owner, null, input)).toMatchObject({ code: 'name_taken' });
  });
});
