import type { SessionUser } from '../../../src/auth/service';
import { createDb, type Db } from '../../../src/db/knex';
import type { Deps } from '../../../src/deps';
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { cancelWithMode, pauseWithMode, undoSchedule } from '../../../src/subscriptions/cancel-modes';
import { runRebills } from '../../../src/subscriptions/rebill';
import { testConfig } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { continuityProduct, customerWithPurchase } from '../../support/subscriptions';
import { sessionUser } from '../../support/users';

describe('cancel and pause modes, carried out by the daily rebill with a moved clock', () => {
  let t: TestDatabase;
  let gatewayDb: Db;
  let deps: Deps;
  let clock: ManualClock;
  let agent: SessionUser;
  let product: Awaited<ReturnType<typeof continuityProduct>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    gatewayDb = createDb(t.url, { max: 3 });
    clock = new ManualClock(new Date('2026-11-23T07:00:00Z'));
    deps = {
      config: testConfig(),
      db: t.db,
      clock,
      logger: createLogger('silent'),
      gateway: new TestGateway(gatewayDb),
    };
    await t.db('users').insert({ email: 'cm-agent@example.com', name: 'Cam Agent', role: 'agent', password_hash: 'x' });
    agent = await sessionUser(t.db, 'cm-agent@example.com');
    product = await continuityProduct(t.db, { sku: 'CM', name: 'Serum', trialCents: 495, rebillCents: 6995 });
  });
  afterAll(async () => {
    await gatewayDb.destroy();
    await t.drop();
  });

  /** An active purchase due on 2026-11-24 with its first charge (settled) on file. */
  async function active() {
    const p = await customerWithPurchase(t.db, product, {
      card: '4111111111111111',
      purchase: { unit_price_cents: 6995, billing_cycle: 2, next_bill_date: '2026-11-24', status: 'active' },
    });
    await t.db('transactions').insert({
      customer_id: p.customerId,
      order_id: p.orderId,
      purchase_id: p.purchaseId,
      payment_instrument_id: p.cardId,
      type: 'sale',
      status: 'settled',
      amount_cents: 6995,
      billing_cycle: 2,
      gateway_reference: `cm_${p.purchaseId}`,
    });
    return p.purchaseId;
  }
  const purchase = (id: number) => t.db('purchases').where({ id }).first();
  const schedule = (id: number) => t.db('purchase_schedules').where({ purchase_id: id }).orderBy('id', 'desc').first();
  const sales = (id: number) => t.db('transactions').where({ purchase_id: id, type: 'sale' }).orderBy('id');
  const at = (iso: string) => clock.set(new Date(iso));
  const base = { reason: 'Too expensive', continueBilling: false, refundLast: false, key: 'cancel-key' };

  beforeEach(() => at('2026-11-23T07:00:00Z'));

  it('before the next billing: ends on its bill date without billing, through cancelPurchase; the last billing refunded', async () => {
    const id = await active();
    const input = { ...base, mode: 'before_next_billing' as const, refundLast: true, refundReason: 'Customer request' };
    expect(await cancelWithMode(deps, agent, id, input)).toMatchObject({ ok: true });
    expect(await purchase(id)).toMatchObject({ status: 'cancel_scheduled', cancel_reason: 'Too expensive' });
    expect(await cancelWithMode(deps, agent, id, { ...base, mode: 'now' })).toMatchObject({ ok: false });
    at('2026-11-24T07:00:00Z');
    expect(await runRebills(deps)).toMatchObject({ billed: 0, ended: 1 });
    expect(await purchase(id)).toMatchObject({ status: 'cancelled', next_bill_date: null });
    expect(await schedule(id)).toMatchObject({ status: 'done' });
    const [sale] = await sales(id);
    expect(sale).toMatchObject({ status: 'refunded', refunded_cents: 6995 });
    expect(
      await t.db('events').where({ subject_type: 'purchase', subject_id: String(id), kind: 'purchase.cancelled' }),
    ).toHaveLength(1);
  });

  it('after the next successful billing: bills once more, then ends on the following bill date', async () => {
    const id = await active();
    expect(await cancelWithMode(deps, agent, id, { ...base, mode: 'after_next_billing' })).toMatchObject({ ok: true });
    expect(await purchase(id)).toMatchObject({ status: 'active' });
    at('2026-11-24T07:00:00Z');
    expect(await runRebills(deps)).toMatchObject({ billed: 1 });
    const billed = await purchase(id);
    expect(billed).toMatchObject({ status: 'cancel_scheduled', billing_cycle: 3 });
    clock.set(new Date(`${billed.next_bill_date}T07:00:00Z`));
    expect(await runRebills(deps)).toMatchObject({ billed: 0, ended: 1 });
    expect(await purchase(id)).toMatchObject({ status: 'cancelled' });
    expect(await sales(id)).toHaveLength(2);
  });

  it('on a date: billing stops at once unless "continue billing" is ticked, and it ends on that date', async () => {
    const stops = await active();
    await cancelWithMode(deps, agent, stops, { ...base, mode: 'on_date', date: '2026-12-10' });
    expect(await purchase(stops)).toMatchObject({ status: 'cancel_scheduled', next_bill_date: '2026-12-10' });
    const bills = await active();
    await cancelWithMode(deps, agent, bills, { ...base, mode: 'on_date', date: '2026-12-10', continueBilling: true });
    at('2026-11-24T07:00:00Z');
    await runRebills(deps);
    expect(await sales(bills)).toHaveLength(2);
    expect(await sales(stops)).toHaveLength(1);
    at('2026-12-10T07:00:00Z');
    await runRebills(deps);
    expect((await purchase(stops)).status).toBe('cancelled');
    expect((await purchase(bills)).status).toBe('cancelled');
  });

  it('undo gives back the status and bill date; a pause before the next billing pauses instead of billing', async () => {
    const id = await active();
    await cancelWithMode(deps, agent, id, { ...base, mode: 'on_date', date: '2026-12-10' });
    expect(await undoSchedule(deps, agent, id)).toMatchObject({ ok: true });
    expect(await purchase(id)).toMatchObject({ status: 'active', next_bill_date: '2026-11-24', cancel_reason: null });
    expect(await undoSchedule(deps, agent, id)).toMatchObject({ ok: false, code: 'nothing_scheduled' });
    expect(
      await pauseWithMode(deps, agent, id, { mode: 'before_next_billing', restartDate: '2026-11-24' }),
    ).toMatchObject({
      ok: false,
      code: 'restart_too_early',
    });
    expect(
      await pauseWithMode(deps, agent, id, { mode: 'before_next_billing', restartDate: '2027-01-05' }),
    ).toMatchObject({ ok: true });
    at('2026-11-24T07:00:00Z');
    expect(await runRebills(deps)).toMatchObject({ billed: 0 });
    expect(await purchase(id)).toMatchObject({ status: 'paused', next_bill_date: '2027-01-05' });
    expect(await schedule(id)).toMatchObject({ kind: 'pause', status: 'done' });
  });
});
