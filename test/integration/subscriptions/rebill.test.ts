import { addEntry } from '../../../src/blocklist/service';
import { createDb, type Db } from '../../../src/db/knex';
import type { Deps } from '../../../src/deps';
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { runRebills } from '../../../src/subscriptions/rebill';
import { testConfig } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { continuityProduct, customerWithPurchase } from '../../support/subscriptions';
import { sessionUser } from '../../support/users';

describe('the daily rebill, with a moved clock', () => {
  let t: TestDatabase;
  let gatewayDb: Db;
  let deps: Deps;
  let clock: ManualClock;
  let product: Awaited<ReturnType<typeof continuityProduct>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    gatewayDb = createDb(t.url, { max: 3 });
    clock = new ManualClock(new Date('2026-11-23T05:00:00Z')); // before the 06:00 rebill time
    deps = {
      config: testConfig(),
      db: t.db,
      clock,
      logger: createLogger('silent'),
      gateway: new TestGateway(gatewayDb),
    };
    product = await continuityProduct(t.db, { sku: 'S', name: 'Serum', trialCents: 495, rebillCents: 6995 });
  });
  afterAll(async () => {
    await gatewayDb.destroy();
    await t.drop();
  });

  async function trial(card: string, email?: string) {
    const p = await customerWithPurchase(t.db, product, {
      card,
      email,
      purchase: {
        unit_price_cents: 6995,
        billing_cycle: 1,
        next_bill_date: '2026-11-24',
        trial_end: '2026-11-24',
        status: 'trial',
      },
    });
    return p.purchaseId;
  }
  const purchase = (id: number) => t.db('purchases').where({ id }).first();
  const at = (iso: string) => clock.set(new Date(iso));

  it('a trial rebills on its date, after the rebill time, once', async () => {
    const id = await trial('4111111111111111');
    at('2026-11-23T07:00:00Z');
    expect((await runRebills(deps)).billed).toBe(0); // not due yet
    at('2026-11-24T05:59:00Z');
    expect((await runRebills(deps)).billed).toBe(0); // before the rebill time
    at('2026-11-24T06:00:00Z');
    expect((await runRebills(deps)).billed).toBe(1);
    expect(await purchase(id)).toMatchObject({ status: 'active', billing_cycle: 2, next_bill_date: '2026-12-24' });
    expect((await runRebills(deps)).billed).toBe(0);
  });

  it('a declined rebill is retried on the next two daily runs, then cancelled with "Rebill declined"', async () => {
    const id = await trial('4000000000000002');
    for (const [day, expected] of [
      ['2026-11-24', 'recycling'],
      ['2026-11-25', 'recycling'],
      ['2026-11-26', 'cancelled'],
    ] as const) {
      at(`${day}T06:30:00Z`);
      await runRebills(deps);
      expect((await purchase(id)).status).toBe(expected);
    }
    expect(await purchase(id)).toMatchObject({ cancel_reason: 'Rebill declined', recycle_attempts: 2 });
    expect(await t.db('transactions').where({ purchase_id: id, status: 'declined' }).count({ n: '*' }).first()).toEqual(
      { n: 3 },
    );
    const history = await t.db('history_entries').where({ kind: 'purchase.cancelled' }).first();
    expect(history.body).toContain('Rebill declined');
    expect(history.actor_name).toBe('Daily rebill');
  });

  it('a subscription without a card recycles like a decline and ends, instead of staying due every minute', async () => {
    const id = await trial('4111111111111111');
    await t.db('purchases').where({ id }).update({ payment_instrument_id: null });
    at('2026-11-24T06:30:00Z');
    expect((await runRebills(deps)).declined).toBeGreaterThanOrEqual(1);
    expect(await purchase(id)).toMatchObject({
      status: 'recycling',
      recycle_attempts: 1,
      next_bill_date: '2026-11-25',
    });
    // The same minute again: no longer due.
    await runRebills(deps);
    expect((await purchase(id)).recycle_attempts).toBe(1);
    for (const day of ['2026-11-25', '2026-11-26']) {
      at(`${day}T06:30:00Z`);
      await runRebills(deps);
    }
    expect(await purchase(id)).toMatchObject({ status: 'cancelled', cancel_reason: 'Rebill declined' });
    expect(await t.db('transactions').where({ purchase_id: id }).count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('a blocklisted email stops the rebill before the gateway', async () => {
    const id = await trial('4111111111111111', 'blocked@example.com');
    await t
      .db('users')
      .insert({ email: 'lead@example.com', name: 'Lead', role: 'cs_admin', password_hash: 'x' })
      .onConflict('email')
      .ignore();
    await addEntry(t.db, await sessionUser(t.db, 'lead@example.com'), {
      type: 'email',
      value: 'blocked@example.com',
      reason: 'Fraud',
    });
    at('2026-11-24T06:30:00Z');
    expect(await runRebills(deps)).toMatchObject({ blocked: 1 });
    expect(await purchase(id)).toMatchObject({ status: 'cancelled', cancel_reason: 'Blocklisted (Fraud)' });
    expect(
      await t
        .db('test_gateway_operations')
        .where('idempotency_key', 'like', `rebill:${id}:%`)
        .count({ n: '*' })
        .first(),
    ).toEqual({ n: 0 });
  });

  it('two processes running the rebill at the same moment charge each purchase once', async () => {
    const ids = [await trial('4111111111111111'), await trial('4111111111111111'), await trial('4000000000000002')];
    at('2026-11-24T06:45:00Z');
    const [a, b] = await Promise.all([runRebills(deps), runRebills(deps)]);
    expect(a.billed + b.billed).toBe(2);
    for (const id of ids) {
      expect(
        await t
          .db('test_gateway_operations')
          .where('idempotency_key', 'like', `rebill:${id}:%`)
          .count({ n: '*' })
          .first(),
      ).toEqual({ n: 1 });
      expect(await t.db('transactions').where({ purchase_id: id }).count({ n: '*' }).first()).toEqual({ n: 1 });
    }
    expect(await purchase(ids[2])).toMatchObject({ status: 'recycling', recycle_attempts: 1 });
  });
});
