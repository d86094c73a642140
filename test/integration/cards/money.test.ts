import type { SessionUser } from '../../../src/auth/service';
import { createDb, type Db } from '../../../src/db/knex';
import type { Deps } from '../../../src/deps';
import { CHARGE_PURPOSES } from '../../../src/jobs/charge-purposes';
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { collectOnCard, registerOutsidePayment } from '../../../src/payments/collections';
import { instrumentFor } from '../../../src/payments/gateways/test-cards';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { sendPayout } from '../../../src/payments/payouts';
import { reconcile } from '../../../src/payments/reconciler';
import { refundTransaction } from '../../../src/payments/refunds';
import { testConfig } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionUser } from '../../support/users';

describe('payouts and collected payments', () => {
  let t: TestDatabase;
  let gatewayDb: Db;
  let deps: Deps;
  let clock: ManualClock;
  let lead: SessionUser;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    gatewayDb = createDb(t.url, { max: 3 });
    clock = new ManualClock(new Date('2026-11-23T10:00:00Z'));
    const gateway = new TestGateway(gatewayDb);
    deps = { config: testConfig(), db: t.db, clock, logger: createLogger('silent'), gateway };
    await t.db('users').insert({ email: 'lead@example.com', name: 'Leo Lead', role: 'cs_admin', password_hash: 'x' });
    lead = await sessionUser(t.db, 'lead@example.com');
  });
  afterAll(async () => {
    await gatewayDb.destroy();
    await t.drop();
  });

  async function customerWithCard(number = '4111111111111111', extra: Record<string, unknown> = {}) {
    const [c] = await t
      .db('customers')
      .insert({ first_name: 'Pat', last_name: `Payee${++n}`, email: `pat${n}@example.com` })
      .returning('id');
    const [card] = await t
      .db('payment_instruments')
      .insert({ customer_id: c.id, ...instrumentFor(number), role: 'default', ...extra })
      .returning('*');
    return { customerId: Number(c.id), card };
  }
  const payout = (customerId: number, cardId: number, key: string, notARefund = false) =>
    sendPayout(deps, lead, customerId, {
      cardId,
      amountCents: 1500,
      currency: 'USD',
      description: 'Goodwill',
      key,
      notARefund,
    });

  it('a payout is a credit transaction sent once per request id, with its event', async () => {
    const { customerId, card } = await customerWithCard();
    expect(await payout(customerId, card.id, 'payout-key-1')).toEqual({ ok: true, message: 'Payout of $15.00 sent.' });
    expect(await payout(customerId, card.id, 'payout-key-1')).toEqual({ ok: true, message: 'Payout of $15.00 sent.' });
    const rows = await t.db('transactions').where({ customer_id: customerId });
    expect(rows).toMatchObject([
      { type: 'credit', status: 'approved', reason: 'Goodwill', idempotency_key: 'payout-key-1' },
    ]);
    expect(await gatewayDb('test_gateway_operations').where({ idempotency_key: 'payout-key-1' })).toMatchObject([
      { operation: 'credit', amount_cents: 1500, outcome: 'approved' },
    ]);
    expect(await t.db('history_entries').where({ customer_id: customerId }).pluck('body')).toEqual([
      'Payout #' + rows[0].id + ' of $15.00 to Visa •••• 1111 (Goodwill) sent',
    ]);
  });

  it('refuses a deactivated card and asks for the not-a-refund tick while a charge is refundable', async () => {
    const gone = await customerWithCard('4111111111111111', { deactivated_at: new Date(), role: null });
    expect(await payout(gone.customerId, gone.card.id, 'payout-key-2')).toMatchObject({
      ok: false,
      code: 'not_chargeable',
    });
    const { customerId, card } = await customerWithCard();
    await t.db('transactions').insert({
      customer_id: customerId,
      payment_instrument_id: card.id,
      type: 'sale',
      status: 'settled',
      amount_cents: 5000,
      idempotency_key: `settled-${customerId}`,
    });
    expect(await payout(customerId, card.id, 'payout-key-3')).toMatchObject({ ok: false, code: 'refundable_charge' });
    expect(await t.db('transactions').where({ customer_id: customerId, type: 'credit' })).toHaveLength(0);
    expect(await payout(customerId, card.id, 'payout-key-3', true)).toMatchObject({ ok: true });
  });

  it('a payout with no answer stays errored until the reconciler learns it from the gateway', async () => {
    const { customerId, card } = await customerWithCard('4000000000000150');
    expect(await payout(customerId, card.id, 'payout-key-4')).toMatchObject({ ok: false, code: 'errored' });
    clock.set(new Date(clock.now().getTime() + 10 * 60_000));
    await reconcile(deps, CHARGE_PURPOSES);
    expect(await t.db('transactions').where({ idempotency_key: 'payout-key-4' }).first('status')).toEqual({
      status: 'approved',
    });
  });

  it('collects on a card through the charge path; a deactivated card is never charged', async () => {
    const { customerId, card } = await customerWithCard();
    const input = { key: 'collect-key-1', amountCents: 1250, description: 'Shipping upgrade', cardId: card.id };
    expect(await collectOnCard(deps, lead, customerId, input)).toMatchObject({ ok: true });
    expect(await t.db('transactions').where({ idempotency_key: 'collect-key-1' }).first()).toMatchObject({
      type: 'sale',
      status: 'pending',
      order_id: null,
      reason: 'Shipping upgrade',
    });
    await t.db('payment_instruments').where({ id: card.id }).update({ deactivated_at: new Date(), role: null });
    const again = await collectOnCard(deps, lead, customerId, { ...input, key: 'collect-key-2' });
    expect(again).toMatchObject({ ok: false, code: 'not_chargeable' });
    expect(await t.db('transactions').where({ idempotency_key: 'collect-key-2' })).toHaveLength(0);
  });

  it('an outside payment is a settled external sale, refunded only externally (never sent to a gateway)', async () => {
    const { customerId } = await customerWithCard();
    const input = {
      key: 'outside-key-1',
      amountCents: 4000,
      description: 'Pop-up store',
      method: 'cash',
      reference: 'R-1',
    };
    expect(await registerOutsidePayment(deps, lead, customerId, input)).toMatchObject({ ok: true });
    const sale = await t.db('transactions').where({ idempotency_key: 'outside-key-1' }).first();
    expect(sale).toMatchObject({ type: 'sale', status: 'settled', gateway: 'external', gateway_reference: 'R-1' });
    const refund = await refundTransaction(deps, lead, sale.id, {
      idempotencyKey: 'outside-refund-1',
      reason: 'Customer request',
    });
    expect(refund).toMatchObject({ ok: true });
    const back = await t.db('transactions').where({ parent_id: sale.id, type: 'refund' }).first();
    expect(back).toMatchObject({ status: 'approved', gateway: 'external', amount_cents: 4000 });
    expect(await t.db('transactions').where({ id: sale.id }).first()).toMatchObject({ status: 'refunded' });
  });
});
