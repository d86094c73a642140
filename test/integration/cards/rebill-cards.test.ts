import { createDb, type Db } from '../../../src/db/knex';
import type { Deps } from '../../../src/deps';
import { dayIn, ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { instrumentFor } from '../../../src/payments/gateways/test-cards';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { runRebills } from '../../../src/subscriptions/rebill';
import { testConfig } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';

const OK = '4111111111111111';
const DECLINES = '4000000000000002';

describe('the rebill and the cards on file', () => {
  let t: TestDatabase;
  let gatewayDb: Db;
  let deps: Deps;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    gatewayDb = createDb(t.url, { max: 3 });
    const clock = new ManualClock(new Date('2026-11-23T10:00:00Z'));
    deps = {
      config: testConfig(),
      db: t.db,
      clock,
      logger: createLogger('silent'),
      gateway: new TestGateway(gatewayDb),
    };
  });
  afterAll(async () => {
    await gatewayDb.destroy();
    await t.drop();
  });

  /** A customer with a subscription due today on the first card; the others are their default / backup. */
  async function dueWith(cards: { number: string; role?: 'default' | 'backup'; exp?: number; off?: boolean }[]) {
    const [c] = await t
      .db('customers')
      .insert({ first_name: 'Reba', last_name: `Rebill${++n}`, email: `reba${n}@example.com` })
      .returning('id');
    const ids: number[] = [];
    for (const k of cards) {
      const [row] = await t
        .db('payment_instruments')
        .insert({
          customer_id: c.id,
          ...instrumentFor(k.number, { month: 12, year: k.exp ?? 2030 }),
          role: k.role ?? null,
          deactivated_at: k.off ? new Date() : null,
        })
        .returning('id');
      ids.push(Number(row.id));
    }
    const option = await t.db('product_options').whereNotNull('cycle_days').first();
    const [o] = await t
      .db('orders')
      .insert({ customer_id: c.id, public_id: `REBILL${n}`, status: 'complete' })
      .returning('id');
    const [p] = await t
      .db('purchases')
      .insert({
        order_id: o.id,
        customer_id: c.id,
        product_id: option.product_id,
        product_option_id: option.id,
        payment_instrument_id: ids[0],
        quantity: 1,
        unit_price_cents: 2000,
        status: 'active',
        next_bill_date: dayIn(deps.clock.now(), 'UTC'),
      })
      .returning('*');
    return { customerId: Number(c.id), purchase: p, cards: ids };
  }
  const salesOf = (purchaseId: number) =>
    t.db('transactions').where({ purchase_id: purchaseId, type: 'sale' }).orderBy('id');
  const historyOf = (customerId: number) =>
    t.db('history_entries').where({ customer_id: customerId }).orderBy('id').pluck('body');

  it('a decline on the default is tried once on the backup, as an attempt of its own', async () => {
    const { customerId, purchase, cards } = await dueWith([
      { number: DECLINES, role: 'default' },
      { number: OK, role: 'backup' },
    ]);
    await runRebills(deps, { ignoreTime: true });
    const sales = await salesOf(purchase.id);
    expect(sales.map((s) => [Number(s.payment_instrument_id), s.status])).toEqual([
      [cards[0], 'declined'],
      [cards[1], 'pending'],
    ]);
    expect(sales[1].idempotency_key).toBe(`${sales[0].idempotency_key}:backup`);
    const p = await t.db('purchases').where({ id: purchase.id }).first();
    expect(p).toMatchObject({ status: 'active', billing_cycle: 2, recycle_attempts: 0 });
    expect((await historyOf(customerId))[0]).toMatch(
      /declined: Insufficient funds; the backup card Visa •••• 1111 is tried once/,
    );
  });

  it('a soft decline on the backup too recycles the subscription once', async () => {
    const { purchase } = await dueWith([
      { number: DECLINES, role: 'default' },
      { number: DECLINES, role: 'backup', exp: 2031 },
    ]);
    await runRebills(deps, { ignoreTime: true });
    expect((await salesOf(purchase.id)).map((s) => s.status)).toEqual(['declined', 'declined']);
    expect(await t.db('purchases').where({ id: purchase.id }).first()).toMatchObject({
      status: 'recycling',
      recycle_attempts: 1,
    });
  });

  it('a hard decline on the backup ends the subscription (a hard decline is never recycled)', async () => {
    const { purchase } = await dueWith([
      { number: DECLINES, role: 'default' },
      { number: '4000000000000069', role: 'backup' },
    ]);
    await runRebills(deps, { ignoreTime: true });
    expect((await salesOf(purchase.id)).map((s) => s.status)).toEqual(['declined', 'declined']);
    expect(await t.db('purchases').where({ id: purchase.id }).first()).toMatchObject({ status: 'cancelled' });
  });

  /** The crash point: the first attempt was declined and booked to wait for the backup, and the process stopped. */
  async function crashedAfterFirstDecline(purchase: Record<string, any>, cardId: number) {
    const key = `rebill:${purchase.id}:${purchase.billing_cycle + 1}:${purchase.recycle_attempts}`;
    await t.db('transactions').insert({
      customer_id: purchase.customer_id,
      order_id: purchase.order_id,
      purchase_id: purchase.id,
      payment_instrument_id: cardId,
      type: 'sale',
      status: 'declined',
      amount_cents: 2000,
      currency: 'USD',
      billing_cycle: purchase.billing_cycle + 1,
      gateway: 'test',
      gateway_message: 'Insufficient funds',
      idempotency_key: key,
    });
    return key;
  }

  it('a crash between the first decline and the backup attempt: the next runs try the backup once', async () => {
    const { purchase, cards } = await dueWith([
      { number: DECLINES, role: 'default' },
      { number: OK, role: 'backup' },
    ]);
    const key = await crashedAfterFirstDecline(purchase, cards[0]);
    await Promise.all([runRebills(deps, { ignoreTime: true }), runRebills(deps, { ignoreTime: true })]);
    await runRebills(deps, { ignoreTime: true });
    const sales = await salesOf(purchase.id);
    expect(sales.map((s) => [s.idempotency_key, Number(s.payment_instrument_id), s.status])).toEqual([
      [key, cards[0], 'declined'],
      [`${key}:backup`, cards[1], 'pending'],
    ]);
    expect(await t.db('purchases').where({ id: purchase.id }).first()).toMatchObject({
      status: 'active',
      billing_cycle: purchase.billing_cycle + 1,
    });
  });

  it('a crash before the backup attempt, and the backup deactivated meanwhile: the first decline recycles', async () => {
    const { purchase, cards } = await dueWith([
      { number: DECLINES, role: 'default' },
      { number: OK, role: 'backup', exp: 2032 },
    ]);
    await crashedAfterFirstDecline(purchase, cards[0]);
    await t.db('payment_instruments').where({ id: cards[1] }).update({ deactivated_at: new Date(), role: null });
    await runRebills(deps, { ignoreTime: true });
    expect((await salesOf(purchase.id)).map((s) => s.status)).toEqual(['declined']);
    expect(await t.db('purchases').where({ id: purchase.id }).first()).toMatchObject({
      status: 'recycling',
      recycle_attempts: 1,
    });
  });

  it('an expired or deactivated card is skipped with a history line, for the default card', async () => {
    const expired = await dueWith([
      { number: DECLINES, exp: 2025 },
      { number: OK, role: 'default' },
    ]);
    const off = await dueWith([
      { number: DECLINES, off: true },
      { number: OK, role: 'default' },
    ]);
    await runRebills(deps, { ignoreTime: true });
    for (const d of [expired, off]) {
      expect((await salesOf(d.purchase.id)).map((s) => [Number(s.payment_instrument_id), s.status])).toEqual([
        [d.cards[1], 'pending'],
      ]);
    }
    expect((await historyOf(expired.customerId))[0]).toBe(
      `Subscription #${expired.purchase.id} not billed on Visa •••• 0002: Visa •••• 0002 expired at the end of 12/2025. Billed on Visa •••• 1111 (the default card) instead.`,
    );
    expect((await historyOf(off.customerId))[0]).toMatch(
      /is deactivated and is never charged\. Billed on Visa •••• 1111/,
    );
  });
});
