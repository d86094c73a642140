import fc from 'fast-check';
import { actorOf } from '../../../src/audit/record';
import type { SessionUser } from '../../../src/auth/service';
import { createDb, type Db } from '../../../src/db/knex';
import type { Deps } from '../../../src/deps';
import { CHARGE_PURPOSES } from '../../../src/jobs/charge-purposes';
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { orderCharge } from '../../../src/orders/order-charge';
import { startMoneyBack, type Op } from '../../../src/payments/booking';
import { askGatewayToCharge, sendCharge, startCharge } from '../../../src/payments/charges';
import { reconcile } from '../../../src/payments/reconciler';
import { runRefundQueue } from '../../../src/payments/refund-queue';
import { askGateway, refundTransaction, voidTransaction } from '../../../src/payments/refunds';
import { settlePendingSales } from '../../../src/payments/settlement';
import { decide } from '../../../src/payments/states';
import { instrumentFor } from '../../../src/payments/gateways/test-cards';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { testConfig } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionUser } from '../../support/users';

const OK_CARD = '4111111111111111';
const TIMEOUT_CARD = '4000000000000150';
const DECLINES_ONCE = '4000000000000119';

/**
 * Crash tests: the work is cut at each step boundary of a gateway operation (after the attempt row
 * is committed; after the gateway answered, before the booking), then the reconciler runs. For every
 * sale, what the gateway moved must equal what the app booked, and never exceed the sale.
 */
describe('the reconciler after crashes at each step', () => {
  let t: TestDatabase;
  let gatewayDb: Db;
  let deps: Deps;
  let clock: ManualClock;
  let agent: SessionUser;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    gatewayDb = createDb(t.url, { max: 4 });
    clock = new ManualClock(new Date('2026-11-23T10:00:00Z'));
    deps = {
      config: testConfig(),
      db: t.db,
      clock,
      logger: createLogger('silent'),
      gateway: new TestGateway(gatewayDb),
    };
    agent = await sessionUser(t.db, 'agent@example.com');
  });
  afterAll(async () => {
    await gatewayDb.destroy();
    await t.drop();
  });

  async function newSale(status: 'settled' | 'pending', card = OK_CARD, amount = 10_000) {
    const k = ++n;
    const [c] = await t
      .db('customers')
      .insert({ first_name: 'Cree', last_name: `Crash${k}`, email: `crash${k}@example.com` })
      .returning('id');
    const [pi] = await t
      .db('payment_instruments')
      .insert({ customer_id: c.id, ...instrumentFor(card) })
      .returning('id');
    const [o] = await t
      .db('orders')
      .insert({ customer_id: c.id, public_id: `CRASH${k}`, status: 'complete' })
      .returning('id');
    const [sale] = await t
      .db('transactions')
      .insert({
        customer_id: c.id,
        order_id: o.id,
        payment_instrument_id: pi.id,
        type: 'sale',
        status,
        amount_cents: amount,
        gateway_reference: `crash-ref-${k}`,
        created_at: clock.now(),
      })
      .returning('*');
    return sale as Record<string, any>;
  }

  /** Step 1 only (the process dies right after the commit), or steps 1 and 2 (dies before booking). */
  async function crashed(
    op: Op,
    saleId: number,
    amountCents: number,
    key: string,
    at: 'after_attempt' | 'after_gateway',
  ) {
    const row = await t.db.transaction(async (trx) => {
      const sale = await trx('transactions').where({ id: saleId }).forUpdate().first();
      const d = decide(
        op,
        {
          status: sale.status,
          amountCents: Number(sale.amount_cents),
          refundedCents: Number(sale.refunded_cents),
          queuedCents: Number(sale.queued_cents),
        },
        amountCents,
      );
      if (!d.ok) return null;
      return startMoneyBack(trx, clock.now(), sale, {
        op,
        amountCents: d.amountCents,
        key,
        reason: 'Customer request',
        userId: agent.id,
      });
    });
    if (row && at === 'after_gateway') await askGateway(deps, op, row);
    return row;
  }

  const later = (ms = 3 * 60_000) => clock.set(new Date(clock.now().getTime() + ms));

  /** The invariant, per sale: the gateway's approved refunds equal the app's refunded amount, a void on both sides or neither. */
  async function expectBooksAgree(saleId: number) {
    const sale = await t.db('transactions').where({ id: saleId }).first();
    const ops = await t
      .db('test_gateway_operations')
      .where({ sale_reference: sale.gateway_reference, outcome: 'approved' });
    const refunded = ops.filter((o) => o.operation === 'refund').reduce((s, o) => s + Number(o.amount_cents), 0);
    expect(Number(sale.refunded_cents)).toBe(refunded);
    expect(refunded).toBeLessThanOrEqual(Number(sale.amount_cents));
    expect(sale.status === 'voided').toBe(ops.some((o) => o.operation === 'void'));
    const unresolved = await t
      .db('transactions')
      .where({ parent_id: saleId })
      .whereIn('status', ['sending', 'errored'])
      .sum({ s: 'amount_cents' })
      .first();
    const queued = await t
      .db('refund_queue')
      .where({ transaction_id: saleId, status: 'queued' })
      .sum({ s: 'amount_cents' })
      .first();
    expect(Number(sale.queued_cents)).toBe(Number(unresolved?.s ?? 0) + Number(queued?.s ?? 0));
  }

  it.each([
    ['refund', 'after_attempt'],
    ['refund', 'after_gateway'],
    ['void', 'after_attempt'],
    ['void', 'after_gateway'],
  ] as const)('a %s cut %s is held meanwhile and booked once by the reconciler', async (op, at) => {
    const sale = await newSale(op === 'refund' ? 'settled' : 'pending');
    const row = await crashed(op, sale.id, 4000, `crash-${op}-${at}`, at);
    expect(row).not.toBeNull();
    const held = await t.db('transactions').where({ id: sale.id }).first();
    expect(Number(held.queued_cents)).toBe(op === 'refund' ? 4000 : 10_000);
    // Within the grace period the attempt may still be in flight elsewhere: it is left alone.
    expect(await reconcile(deps, CHARGE_PURPOSES)).toMatchObject({ checked: 0 });
    later();
    expect(await reconcile(deps, CHARGE_PURPOSES)).toMatchObject({ resolved: 1, stillUnknown: 0 });
    expect(await t.db('transactions').where({ id: row!.id }).first()).toMatchObject({ status: 'approved' });
    expect(await t.db('transactions').where({ id: sale.id }).first()).toMatchObject(
      op === 'refund'
        ? { status: 'partially_refunded', refunded_cents: 4000, queued_cents: 0 }
        : { status: 'voided', queued_cents: 0 },
    );
    expect(
      await t
        .db('test_gateway_operations')
        .where({ idempotency_key: `crash-${op}-${at}` })
        .count({ n: '*' })
        .first(),
    ).toEqual({ n: 1 });
    expect(
      await t.db('email_outbox').where({ customer_id: sale.customer_id, template: op }).count({ n: '*' }).first(),
    ).toEqual({ n: 1 });
    await expectBooksAgree(sale.id);
  });

  it('after a crash, what is held cannot be refunded again before the reconciler books it', async () => {
    const sale = await newSale('settled');
    await crashed('refund', sale.id, 8000, 'crash-hold-1', 'after_gateway');
    const r = await refundTransaction(deps, agent, sale.id, {
      idempotencyKey: 'crash-hold-2',
      reason: 'Customer request',
      amountCents: 6000,
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'exceeds_refundable',
      message: 'Only $20.00 can still be refunded on this charge.',
    });
    later();
    await reconcile(deps, CHARGE_PURPOSES);
    await expectBooksAgree(sale.id);
  });

  it('a charge whose answer was lost (timeout) is looked up and the order completed once', async () => {
    const [c] = await t
      .db('customers')
      .insert({ first_name: 'Tim', last_name: 'Out', email: 'tim.out@example.com' })
      .returning('id');
    const [pi] = await t
      .db('payment_instruments')
      .insert({ customer_id: c.id, ...instrumentFor(TIMEOUT_CARD) })
      .returning('id');
    const option = await t
      .db('product_options as o')
      .join('products as p', 'p.id', 'o.product_id')
      .where('p.kind', 'continuity')
      .first('o.*', 'p.name as product_name');
    const [o] = await t
      .db('orders')
      .insert({ customer_id: c.id, public_id: 'TIMEOUT1', status: 'pending' })
      .returning('id');
    await t.db('order_items').insert({
      order_id: o.id,
      product_id: option.product_id,
      product_option_id: option.id,
      name: option.name,
      quantity: 1,
      unit_price_cents: 495,
    });
    const sale = await t.db.transaction((trx) =>
      startCharge(trx, clock.now(), 'test', {
        customer_id: c.id,
        order_id: o.id,
        purchase_id: null,
        payment_instrument_id: pi.id,
        amount_cents: 495,
        currency: 'USD',
        billing_cycle: 1,
        idempotency_key: 'timeout-order-1',
        user_id: agent.id,
      }),
    );
    expect(await sendCharge(deps, sale, orderCharge, actorOf(agent))).toMatchObject({ outcome: 'errored' });
    expect(await t.db('transactions').where({ id: sale.id }).first()).toMatchObject({ status: 'errored' });
    expect(await t.db('purchases').where({ order_id: o.id })).toHaveLength(0);
    later();
    expect(await reconcile(deps, CHARGE_PURPOSES)).toMatchObject({ resolved: 1 });
    expect(await t.db('transactions').where({ id: sale.id }).first()).toMatchObject({ status: 'pending' });
    expect(await t.db('purchases').where({ order_id: o.id })).toHaveLength(1);
    expect(
      await t.db('email_outbox').where({ customer_id: c.id, template: 'welcome' }).count({ n: '*' }).first(),
    ).toEqual({ n: 1 });
    later();
    expect(await reconcile(deps, CHARGE_PURPOSES)).toMatchObject({ checked: 0 });
    expect(
      await t.db('test_gateway_operations').where({ idempotency_key: 'timeout-order-1' }).count({ n: '*' }).first(),
    ).toEqual({ n: 1 });
  });

  it('a subscription charge cut after the gateway is booked once: one cycle advanced, one parcel', async () => {
    const p = await t.db('purchases').where({ status: 'active' }).first();
    const sale = await t.db.transaction((trx) =>
      startCharge(trx, clock.now(), 'test', {
        customer_id: p.customer_id,
        order_id: p.order_id,
        purchase_id: p.id,
        payment_instrument_id: p.payment_instrument_id,
        amount_cents: 1000,
        currency: 'USD',
        billing_cycle: p.billing_cycle + 1,
        idempotency_key: 'crash-bill-1',
        user_id: agent.id,
      }),
    );
    await askGatewayToCharge(deps, sale);
    const parcels = await t.db('fulfillments').where({ purchase_id: p.id }).count({ n: '*' }).first();
    later();
    await reconcile(deps, CHARGE_PURPOSES);
    later();
    await reconcile(deps, CHARGE_PURPOSES);
    expect(await t.db('purchases').where({ id: p.id }).first()).toMatchObject({ billing_cycle: p.billing_cycle + 1 });
    expect(await t.db('fulfillments').where({ purchase_id: p.id }).count({ n: '*' }).first()).toEqual({
      n: Number(parcels!.n) + 1,
    });
  });

  it('random interleavings of refunds, voids, settlement, queue retries, crashes and reconciling keep the books equal (property)', async () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('refund' as const),
        cents: fc.integer({ min: 1, max: 6000 }),
        crash: fc.constantFrom('none', 'after_attempt', 'after_gateway'),
      }),
      fc.record({
        kind: fc.constant('void' as const),
        crash: fc.constantFrom('none', 'after_attempt', 'after_gateway'),
      }),
      fc.record({ kind: fc.constantFrom('settle' as const, 'queue' as const, 'reconcile' as const) }),
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(OK_CARD, TIMEOUT_CARD, DECLINES_ONCE),
        fc.boolean(),
        fc.array(step, { minLength: 1, maxLength: 8 }),
        async (card, settled, steps) => {
          runs++;
          const sale = await newSale(settled ? 'settled' : 'pending', card, 10_000);
          for (const [i, s] of steps.entries()) {
            const key = `prop-${sale.id}-${i}`;
            if (s.kind === 'refund' || s.kind === 'void') {
              if (s.crash !== 'none') await crashed(s.kind, sale.id, s.kind === 'refund' ? s.cents : 0, key, s.crash);
              else if (s.kind === 'refund')
                await refundTransaction(deps, agent, sale.id, {
                  idempotencyKey: key,
                  reason: 'Customer request',
                  amountCents: s.cents,
                });
              else await voidTransaction(deps, agent, sale.id, { idempotencyKey: key, reason: 'Customer request' });
            } else if (s.kind === 'settle') {
              await settlePendingSales(deps, new Date(clock.now().getTime() + 1));
            } else if (s.kind === 'queue') {
              later(86_400_000);
              await runRefundQueue(deps);
            } else {
              later();
              await reconcile(deps, CHARGE_PURPOSES);
            }
            const now = await t.db('transactions').where({ id: sale.id }).first();
            expect(Number(now.refunded_cents) + Number(now.queued_cents)).toBeLessThanOrEqual(Number(now.amount_cents));
          }
          // Settle everything that can be: reconcile, then let the queue run its days.
          for (let d = 0; d < 4; d++) {
            later();
            await reconcile(deps, CHARGE_PURPOSES);
            later(86_400_000);
            await runRefundQueue(deps);
          }
          later();
          await reconcile(deps, CHARGE_PURPOSES);
          await expectBooksAgree(sale.id);
        },
      ),
      { numRuns: 30 },
    );
    expect(runs).toBe(30);
  }, 120_000);
});
