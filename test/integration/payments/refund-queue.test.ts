import type { SessionUser } from '../../../src/auth/service';
import { createDb, type Db } from '../../../src/db/knex';
import type { Deps } from '../../../src/deps';
import { createTransport, deliverOutbox } from '../../../src/email/sender';
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { dropQueueItem, runRefundQueue } from '../../../src/payments/refund-queue';
import { nextRunAfter } from '../../../src/lib/time';
import { refundTransaction } from '../../../src/payments/refunds';
import { instrumentFor } from '../../../src/payments/gateways/test-cards';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { testConfig } from '../../support/app';
import { sessionUser } from '../../support/users';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { startSmtp } from '../../support/smtp';

// The queue runs daily at 07:00 (UTC here); the clock starts on a Monday at 10:00.
const START = new Date('2026-11-23T10:00:00Z');

describe('the refund retry queue, with a moved clock', () => {
  let t: TestDatabase;
  let gatewayDb: Db;
  let deps: Deps;
  let clock: ManualClock;
  let agent: SessionUser;
  let n = 0;

  beforeEach(async () => {
    t = await createTestDatabase({ demo: true });
    gatewayDb = createDb(t.url, { max: 4 });
    clock = new ManualClock(START);
    deps = {
      config: testConfig(),
      db: t.db,
      clock,
      logger: createLogger('silent'),
      gateway: new TestGateway(gatewayDb),
    };
    agent = await sessionUser(t.db, 'agent@example.com');
    await t.db('email_outbox').update({ status: 'sent' });
    await t.db('notify_emails').insert([{ email: 'ops@example.com' }, { email: 'finance@example.com' }]);
  });
  afterEach(async () => {
    await gatewayDb.destroy();
    await t.drop();
  });

  async function declinedRefund(card: string, cents = 3000) {
    const k = ++n;
    const [c] = await t
      .db('customers')
      .insert({ first_name: 'Quinn', last_name: `Q${k}`, email: `q${k}@example.com` })
      .returning('id');
    const [pi] = await t
      .db('payment_instruments')
      .insert({ customer_id: c.id, ...instrumentFor(card) })
      .returning('id');
    const [o] = await t
      .db('orders')
      .insert({ customer_id: c.id, public_id: `QUEUE00${k}`, status: 'complete' })
      .returning('id');
    const [sale] = await t
      .db('transactions')
      .insert({
        customer_id: c.id,
        order_id: o.id,
        payment_instrument_id: pi.id,
        type: 'sale',
        status: 'settled',
        amount_cents: 10_000,
        gateway_reference: `q-${k}`,
      })
      .returning('id');
    const r = await refundTransaction(deps, agent, sale.id, {
      idempotencyKey: `queue-test-${k}`,
      reason: 'Customer request',
      amountCents: cents,
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'refund_queued',
      message: expect.stringContaining('Refund queued — retry 1 of 3 on 2026-11-24 07:00'),
    });
    return { saleId: sale.id as number, customerId: c.id as number };
  }
  const sale = (id: number) => t.db('transactions').where({ id }).first();
  const item = (saleId: number) => t.db('refund_queue').where({ transaction_id: saleId }).first();
  const day = (d: number) => clock.set(new Date(Date.UTC(2026, 10, 23 + d, 7, 0, 30)));

  it('declined once then approved: queued with the amount held, refunded on day 1, customer emailed', async () => {
    const { saleId, customerId } = await declinedRefund('4000000000000119');
    expect(await sale(saleId)).toMatchObject({ queued_cents: 3000, refunded_cents: 0 });
    // Nobody can refund the held amount meanwhile.
    expect(
      await refundTransaction(deps, agent, saleId, {
        idempotencyKey: 'other-key-x',
        reason: 'Customer request',
        amountCents: 7001,
      }),
    ).toMatchObject({ code: 'exceeds_refundable' });
    expect(await runRefundQueue(deps)).toMatchObject({ attempted: 0 }); // not due before 07:00 tomorrow

    day(1);
    expect(await runRefundQueue(deps)).toEqual({ attempted: 1, refunded: 1, failed: 0, retryLater: 0, errored: 0 });
    expect(await sale(saleId)).toMatchObject({ status: 'partially_refunded', refunded_cents: 3000, queued_cents: 0 });
    expect(await item(saleId)).toMatchObject({ status: 'succeeded', attempts: 1 });
    const history = await t
      .db('history_entries')
      .where({ customer_id: customerId, kind: 'transaction.refund' })
      .first();
    expect(history).toMatchObject({ actor_name: 'Refund queue' });
    expect(history.body).toContain('(retry 1 of 3 from the refund queue)');
    expect(
      await t
        .db('email_outbox')
        .where({ customer_id: customerId, template: 'refund', status: 'pending' })
        .count({ n: '*' })
        .first(),
    ).toEqual({ n: 1 });
  });

  it('declined always: failed after the 3rd retry, exactly one email to each notify address, gone from the queue', async () => {
    const { saleId } = await declinedRefund('4000000000000143');
    for (const d of [1, 2]) {
      day(d);
      expect(await runRefundQueue(deps)).toMatchObject({ attempted: 1, retryLater: 1 });
      expect(await item(saleId)).toMatchObject({ status: 'queued', attempts: d });
    }
    day(3);
    expect(await runRefundQueue(deps)).toMatchObject({ attempted: 1, failed: 1 });
    expect(await item(saleId)).toMatchObject({ status: 'failed', attempts: 3, next_attempt_at: null });
    expect(await sale(saleId)).toMatchObject({ status: 'settled', refunded_cents: 0, queued_cents: 0 });
    day(4);
    expect(await runRefundQueue(deps)).toMatchObject({ attempted: 0 });

    const smtp = await startSmtp();
    const transport = createTransport(smtp.url);
    try {
      await deliverOutbox(deps, transport);
      const notices = smtp.mails.filter((m) => m.raw.includes('Refund failed after 3 retries'));
      expect(notices.map((m) => m.to[0]).sort()).toEqual(['finance@example.com', 'ops@example.com']);
      const body = notices[0].raw
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
      for (const s of [
        `Transaction: #${saleId}`,
        'Amount:      $30.00',
        'Order:       QUEUE00',
        'first refund: Refund not permitted by issuer',
        'retry 3: Refund not permitted by issuer',
      ])
        expect(body).toContain(s);
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it('two runs at the same moment attempt each item once', async () => {
    const items = await Promise.all([
      declinedRefund('4000000000000143'),
      declinedRefund('4000000000000127'),
      declinedRefund('4000000000000143'),
    ]);
    day(1);
    const [a, b] = await Promise.all([
      runRefundQueue(deps, { concurrency: 3 }),
      runRefundQueue(deps, { concurrency: 3 }),
    ]);
    expect(a.attempted + b.attempted).toBe(3);
    for (const { saleId } of items) expect((await item(saleId)).attempts).toBe(1);
    expect(
      await t
        .db('test_gateway_operations')
        .where('idempotency_key', 'like', 'refund-queue:%')
        .count({ n: '*' })
        .first(),
    ).toEqual({ n: 3 });
  });

  it('after 2 days of downtime it catches up once, without skipping or doubling attempts', async () => {
    const { saleId } = await declinedRefund('4000000000000135'); // declined 3 times, then approved
    day(3); // days 1 and 2 were missed
    expect(await runRefundQueue(deps)).toMatchObject({ attempted: 1, retryLater: 1 });
    expect(await item(saleId)).toMatchObject({ attempts: 1, next_attempt_at: new Date('2026-11-27T07:00:00Z') });
    expect(await runRefundQueue(deps)).toMatchObject({ attempted: 0 });
    day(4);
    await runRefundQueue(deps);
    day(5);
    expect(await runRefundQueue(deps)).toMatchObject({ refunded: 1 }); // the 4th gateway attempt (3rd retry) is approved
    expect(await sale(saleId)).toMatchObject({ refunded_cents: 3000, queued_cents: 0 });
  });

  it('a run killed mid-attempt repeats the same key and cannot refund twice', async () => {
    const { saleId } = await declinedRefund('4000000000000119');
    day(1);
    const it = await item(saleId);
    // The gateway handled retry 1, but the process died before booking it.
    const { gateway_reference } = await sale(saleId);
    await deps.gateway.refund({
      idempotencyKey: `refund-queue:${it.id}:1`,
      token: 'test_4000000000000119',
      amountCents: 3000,
      currency: 'USD',
      saleReference: gateway_reference,
    });
    expect(await runRefundQueue(deps)).toMatchObject({ refunded: 1 });
    expect(
      await t
        .db('transactions')
        .where({ parent_id: saleId, type: 'refund', status: 'approved' })
        .count({ n: '*' })
        .first(),
    ).toEqual({ n: 1 });
    expect(await sale(saleId)).toMatchObject({ refunded_cents: 3000 });
  });

  it('one item that cannot be processed is logged and kept with its error; the run goes on with the others', async () => {
    const good = [await declinedRefund('4000000000000119'), await declinedRefund('4000000000000119')];
    const badBooking = await declinedRefund('4000000000000119');
    const badClaim = await declinedRefund('4000000000000119');
    // Rigged: the booking of the approved retry breaks a CHECK (the hold was lost), and the claim of
    // the other hits the unique idempotency key of an attempt row already there.
    await t.db('transactions').where({ id: badBooking.saleId }).update({ queued_cents: 0 });
    const claimItem = await item(badClaim.saleId);
    await t.db('transactions').insert({
      customer_id: badClaim.customerId,
      type: 'sale',
      status: 'declined',
      amount_cents: 1,
      idempotency_key: `refund-queue:${claimItem.id}:1`,
    });
    day(1);
    expect(await runRefundQueue(deps, { concurrency: 2 })).toEqual({
      attempted: 4,
      refunded: 2,
      failed: 0,
      retryLater: 0,
      errored: 2,
    });
    for (const g of good) expect(await item(g.saleId)).toMatchObject({ status: 'succeeded', last_error: null });
    expect(await item(badBooking.saleId)).toMatchObject({
      status: 'queued',
      in_flight_key: expect.stringMatching(/^refund-queue:/), // the gateway was asked: the reconciler settles it
      last_error: expect.stringContaining('check constraint'),
    });
    const claimed = await item(badClaim.saleId);
    expect(claimed).toMatchObject({ status: 'queued', in_flight_key: null, attempts: 0 });
    expect(claimed.last_error).toMatch(/duplicate key/);
    // Not retried every minute: it waits for the next daily run.
    expect(claimed.next_attempt_at.toISOString()).toBe('2026-11-25T07:00:00.000Z');
    expect(await runRefundQueue(deps)).toMatchObject({ attempted: 0 });
  });

  it('dropping an item releases the held amount', async () => {
    const { saleId } = await declinedRefund('4000000000000143');
    const lead = { ...agent, role: 'cs_admin' as const };
    expect(await dropQueueItem(t.db, lead, (await item(saleId)).id, clock.now())).toEqual({ ok: true });
    expect(await sale(saleId)).toMatchObject({ queued_cents: 0 });
    day(1);
    expect(await runRefundQueue(deps)).toMatchObject({ attempted: 0 });
  });

  it('computes the next daily run in the time zone', () => {
    expect(nextRunAfter(new Date('2026-11-23T06:59:00Z'), '07:00', 'UTC').toISOString()).toBe(
      '2026-11-23T07:00:00.000Z',
    );
    expect(nextRunAfter(new Date('2026-11-23T07:00:00Z'), '07:00', 'UTC').toISOString()).toBe(
      '2026-11-24T07:00:00.000Z',
    );
    expect(nextRunAfter(new Date('2026-11-23T13:00:00Z'), '07:00', 'America/New_York').toISOString()).toBe(
      '2026-11-24T12:00:00.000Z',
    );
  });
});
