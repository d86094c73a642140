import { addEntry } from '../../../src/blocklist/service';
import { createDb, type Db } from '../../../src/db/knex';
import type { Deps } from '../../../src/deps';
import { addDays, dayIn, ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { instrumentFor } from '../../../src/payments/gateways/test-cards';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { billPurchase } from '../../../src/subscriptions/billing';
import { testConfig } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionUser } from '../../support/users';

describe('billing a purchase now (force bill)', () => {
  let t: TestDatabase;
  let gatewayDb: Db;
  let deps: Deps;
  const actor = { kind: 'user' as const, id: 0, name: '' };
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
    const u = await sessionUser(t.db, 'agent@example.com');
    Object.assign(actor, { id: u.id, name: u.name });
  });
  afterAll(async () => {
    await gatewayDb.destroy();
    await t.drop();
  });

  const today = () => dayIn(deps.clock.now(), 'UTC');
  const trialOf = async (email: string) =>
    t
      .db('purchases')
      .where({ customer_id: (await t.db('customers').where({ email }).first()).id })
      .first();
  const opsFor = (key: string) =>
    t.db('test_gateway_operations').where({ idempotency_key: key }).count({ n: '*' }).first();

  it('charges the card, advances the cycle and the next bill date, and creates a fulfillment', async () => {
    const p = await trialOf('tara.trial@example.com');
    const r = await billPurchase(deps, actor, p.id, 'force-bill-1');
    expect(r).toMatchObject({ ok: true });
    expect(await t.db('purchases').where({ id: p.id }).first()).toMatchObject({
      status: 'active',
      billing_cycle: 2,
      next_bill_date: addDays(today(), 30),
    });
    expect(await t.db('transactions').where({ idempotency_key: 'force-bill-1' }).first()).toMatchObject({
      type: 'sale',
      status: 'pending',
      amount_cents: 6995,
      billing_cycle: 2,
    });
    expect(
      await t.db('fulfillments').where({ purchase_id: p.id, status: 'pending' }).count({ n: '*' }).first(),
    ).toEqual({ n: 1 });
    expect(await billPurchase(deps, actor, p.id, 'force-bill-1')).toEqual({
      ok: true,
      message: 'Already billed.',
      replayed: true,
    });
    expect(await opsFor('force-bill-1')).toEqual({ n: 1 });
  });

  it('uses store credit before the card, oldest memo first, recording each use against its memo', async () => {
    const p = await trialOf('victor.voidable@example.com'); // $39.95 a cycle
    const memo = (amount_cents: number) =>
      t
        .db('credit_memos')
        .insert({ customer_id: p.customer_id, amount_cents, currency: 'USD', reason: 'Goodwill' })
        .returning('id')
        .then(([r]) => r.id);
    const [older, newer] = [await memo(600), await memo(1000)];
    expect((await billPurchase(deps, actor, p.id, 'force-bill-credit')).ok).toBe(true);
    const sale = await t.db('transactions').where({ idempotency_key: 'force-bill-credit' }).first();
    expect(sale).toMatchObject({ amount_cents: 3995 - 1600, credit_used_cents: 1600 });
    const uses = await t.db('credit_uses').where({ transaction_id: sale.id }).orderBy('id');
    expect(uses.map((u) => [u.credit_memo_id, u.amount_cents])).toEqual([
      [older, 600],
      [newer, 1000],
    ]);
  });

  it('a declining card shows the gateway reason and changes nothing else', async () => {
    const p = await trialOf('rita.recycling@example.com'); // card 4000000000000002
    const before = await t.db('purchases').where({ id: p.id }).first();
    const r = await billPurchase(deps, actor, p.id, 'force-bill-declined');
    expect(r).toMatchObject({ ok: false, code: 'declined', message: 'The card was declined: Insufficient funds.' });
    expect(await t.db('purchases').where({ id: p.id }).first()).toEqual(before);
    expect(await t.db('transactions').where({ idempotency_key: 'force-bill-declined' }).first()).toMatchObject({
      status: 'declined',
    });
  });

  it('a blocklisted email stops the charge before the gateway and says which entry', async () => {
    const lead = await sessionUser(t.db, 'lead@example.com');
    const alice = await t.db('customers').where({ email: 'alice.refundable@example.com' }).first();
    const p = await t.db('purchases').where({ customer_id: alice.id }).first();
    await t.db('payment_instruments').where({ customer_id: alice.id }).update(instrumentFor('4111111111111111'));
    await addEntry(t.db, lead, { type: 'email', value: 'Alice.Refundable@example.com', reason: 'Chargeback abuse' });
    const r = await billPurchase(deps, actor, p.id, 'force-bill-blocked');
    expect(r).toMatchObject({
      ok: false,
      code: 'blocked',
      message: 'Blocked before the gateway by the blocklist: email Alice.Refundable@example.com (Chargeback abuse).',
    });
    expect(await opsFor('force-bill-blocked')).toEqual({ n: 0 });
    expect(await t.db('transactions').where({ idempotency_key: 'force-bill-blocked' }).first()).toMatchObject({
      status: 'declined',
      gateway: 'blocklist',
    });
  });

  it('refuses a paused purchase with the reason', async () => {
    const paused = await t.db('purchases').where({ status: 'paused' }).first();
    expect(await billPurchase(deps, actor, paused.id, 'force-bill-paused')).toMatchObject({
      ok: false,
      message: 'Only a running subscription can be billed (resume a paused one first).',
    });
  });

  it('no_card: a purchase without a card on file is refused before the gateway; nothing is written', async () => {
    const p = await trialOf('victor.voidable@example.com');
    await t.db('purchases').where({ id: p.id }).update({ payment_instrument_id: null });
    const before = await t.db('transactions').where({ purchase_id: p.id }).count({ n: '*' }).first();
    expect(await billPurchase(deps, actor, p.id, 'force-bill-no-card')).toMatchObject({ ok: false, code: 'no_card' });
    expect(await t.db('transactions').where({ purchase_id: p.id }).count({ n: '*' }).first()).toEqual(before);
    expect(await opsFor('force-bill-no-card')).toEqual({ n: 0 });
    expect((await t.db('purchases').where({ id: p.id }).first()).billing_cycle).toBe(p.billing_cycle);
  });

  it('errored: a gateway timeout leaves the charge unknown for the reconciler and the cycle where it was', async () => {
    const p = await trialOf('tara.trial@example.com');
    const [pi] = await t
      .db('payment_instruments')
      .insert({ customer_id: p.customer_id, ...instrumentFor('4000000000000150') })
      .returning('id');
    await t.db('purchases').where({ id: p.id }).update({ payment_instrument_id: pi.id });
    const cycle = (await t.db('purchases').where({ id: p.id }).first()).billing_cycle;
    expect(await billPurchase(deps, actor, p.id, 'force-bill-timeout')).toMatchObject({ ok: false, code: 'errored' });
    expect(await t.db('transactions').where({ idempotency_key: 'force-bill-timeout' }).first()).toMatchObject({
      type: 'sale',
      status: 'errored',
    });
    expect((await t.db('purchases').where({ id: p.id }).first()).billing_cycle).toBe(cycle);
    // A second click with the same key never charges again while the outcome is unknown.
    expect((await billPurchase(deps, actor, p.id, 'force-bill-timeout')).ok).toBe(false);
    expect(
      await t.db('transactions').where({ idempotency_key: 'force-bill-timeout' }).count({ n: '*' }).first(),
    ).toEqual({ n: 1 });
  });
});
