import type { SessionUser } from '../../../src/auth/service';
import type { Deps } from '../../../src/deps';
import { createDb, type Db } from '../../../src/db/knex';
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { instrumentFor } from '../../../src/payments/gateways/test-cards';
import { refundTransaction, voidTransaction } from '../../../src/payments/refunds';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { testConfig } from '../../support/app';
import { sessionUser } from '../../support/users';
import { createTestDatabase, type TestDatabase } from '../../support/db';

describe('refunds and voids on real PostgreSQL', () => {
  let t: TestDatabase;
  let deps: Deps;
  let gateway: TestGateway;
  let agent: SessionUser;
  let customerId: number;
  let gatewayDb: Db;

  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    gatewayDb = createDb(t.url, { max: 5 });
    gateway = new TestGateway(gatewayDb);
    deps = {
      config: testConfig(),
      db: t.db,
      clock: new ManualClock(new Date()),
      logger: createLogger('silent'),
      gateway,
    };
    agent = await sessionUser(t.db, 'agent@example.com');
    [{ id: customerId }] = await t
      .db('customers')
      .insert({ first_name: 'Rae', last_name: 'Fund', email: 'rae@example.com' })
      .returning('id');
  });
  afterAll(async () => {
    await gatewayDb.destroy();
    await t.drop();
  });

  async function sale(status: 'settled' | 'pending', card = '4111111111111111', amount = 10_000) {
    const [pi] = await t
      .db('payment_instruments')
      .insert({ customer_id: customerId, ...instrumentFor(card) })
      .returning('id');
    const [row] = await t
      .db('transactions')
      .insert({
        customer_id: customerId,
        payment_instrument_id: pi.id,
        type: 'sale',
        status,
        amount_cents: amount,
        gateway_reference: `ref_${Math.random()}`,
      })
      .returning('id');
    return row.id as number;
  }
  const row = (id: number) => t.db('transactions').where({ id }).first();
  const children = (id: number) => t.db('transactions').where({ parent_id: id }).orderBy('id');
  const gatewayCalls = (key: string) =>
    t.db('test_gateway_operations').where({ idempotency_key: key }).count({ n: '*' }).first();

  it('50 concurrent refunds with the same idempotency key give exactly one refund row and one gateway operation', async () => {
    const id = await sale('settled');
    gateway.calls = 0;
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        refundTransaction(deps, agent, id, {
          idempotencyKey: 'same-key-50',
          reason: 'Customer request',
          amountCents: 2500,
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
    expect(await children(id)).toHaveLength(1);
    expect(gateway.calls).toBe(1);
    expect(await gatewayCalls('same-key-50')).toEqual({ n: 1 });
    expect(await row(id)).toMatchObject({ status: 'partially_refunded', refunded_cents: 2500 });
    expect(
      await t.db('email_outbox').where({ customer_id: customerId, template: 'refund' }).count({ n: '*' }).first(),
    ).toEqual({ n: 1 });
  });

  it('20 concurrent partial refunds with different keys never exceed the sale', async () => {
    const id = await sale('settled', '4111111111111111', 10_000);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        refundTransaction(deps, agent, id, {
          idempotencyKey: `partial-${i}`,
          reason: 'Customer request',
          amountCents: 700,
        }),
      ),
    );
    const done = results.filter((r) => r.ok);
    expect(done).toHaveLength(14); // 14 × $7.00 = $98.00; the 15th would exceed $100.00
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'exceeds_refundable')).toBe(true);
    const sum = (await children(id)).reduce((s, r) => s + Number(r.amount_cents), 0);
    expect(sum).toBe(9800);
    expect(await row(id)).toMatchObject({ refunded_cents: 9800, status: 'partially_refunded' });
  });

  it('a void of a settled sale is refused and writes nothing', async () => {
    const id = await sale('settled');
    const before = await row(id);
    const events = await t.db('events').count({ n: '*' }).first();
    const r = await voidTransaction(deps, agent, id, { idempotencyKey: 'void-settled', reason: 'Customer request' });
    expect(r).toMatchObject({
      ok: false,
      code: 'already_settled',
      message: 'This charge has already settled, so it cannot be voided — refund it instead.',
    });
    expect(await row(id)).toEqual(before);
    expect(await children(id)).toHaveLength(0);
    expect(await t.db('events').count({ n: '*' }).first()).toEqual(events);
    expect(await gatewayCalls('void-settled')).toEqual({ n: 0 });
  });

  it('a void of a pending sale voids the whole amount and queues the void email', async () => {
    const id = await sale('pending', '4111111111111111', 4990);
    const r = await voidTransaction(deps, agent, id, { idempotencyKey: 'void-pending', reason: 'Customer request' });
    expect(r).toMatchObject({ ok: true, amountCents: 4990, saleStatus: 'voided' });
    expect(await row(id)).toMatchObject({ status: 'voided' });
    const [v] = await children(id);
    expect(v).toMatchObject({ type: 'void', status: 'approved', amount_cents: 4990, user_id: agent.id });
    const mail = await t.db('email_outbox').where({ customer_id: customerId, template: 'void' }).first();
    expect(mail.text_body).toContain('$49.90');
    const history = await t.db('history_entries').where({ customer_id: customerId, kind: 'transaction.void' }).first();
    expect(history).toMatchObject({ actor_name: 'Ava Agent' });
  });

  it('a gateway timeout leaves the refund errored with the amount held; a retry with the same key does not refund twice', async () => {
    const id = await sale('settled', '4000000000000150', 5000);
    const first = await refundTransaction(deps, agent, id, {
      idempotencyKey: 'timeout-key',
      reason: 'Customer request',
      amountCents: 2000,
    });
    expect(first).toMatchObject({ ok: false, code: 'gateway_errored' });
    expect((await children(id))[0]).toMatchObject({ status: 'errored', amount_cents: 2000 });
    expect(await row(id)).toMatchObject({ status: 'settled', refunded_cents: 0, queued_cents: 2000 });
    // Nobody can refund the held amount meanwhile.
    expect(
      await refundTransaction(deps, agent, id, {
        idempotencyKey: 'other-key',
        reason: 'Customer request',
        amountCents: 3001,
      }),
    ).toMatchObject({ ok: false, code: 'exceeds_refundable' });

    const retry = await refundTransaction(deps, agent, id, {
      idempotencyKey: 'timeout-key',
      reason: 'Customer request',
      amountCents: 2000,
    });
    expect(retry).toMatchObject({ ok: true, amountCents: 2000, saleStatus: 'partially_refunded' });
    expect(await children(id)).toHaveLength(1);
    expect((await children(id))[0]).toMatchObject({ status: 'approved' });
    expect(await row(id)).toMatchObject({ refunded_cents: 2000, queued_cents: 0 });
    expect(await gatewayCalls('timeout-key')).toEqual({ n: 1 });
  });

  it('a declined refund is recorded and queued: the amount is held, nothing is refunded', async () => {
    const id = await sale('settled', '4000000000000143', 5000);
    const r = await refundTransaction(deps, agent, id, { idempotencyKey: 'declined-key', reason: 'Customer request' });
    expect(r).toMatchObject({
      ok: false,
      code: 'refund_queued',
      message: expect.stringMatching(
        /^The gateway declined the refund \(Refund not permitted by issuer\)\. Refund queued — retry 1 of 3 on \d{4}-\d{2}-\d{2} 07:00\. \$50\.00 is held meanwhile\.$/,
      ),
    });
    expect(await row(id)).toMatchObject({ status: 'settled', refunded_cents: 0, queued_cents: 5000 });
    expect((await children(id))[0]).toMatchObject({ status: 'declined' });
    expect(await t.db('refund_queue').where({ transaction_id: id }).first()).toMatchObject({
      status: 'queued',
      attempts: 0,
      amount_cents: 5000,
    });
  });

  it('a refund on a pending sale is refused with what to do instead', async () => {
    const id = await sale('pending');
    expect(await refundTransaction(deps, agent, id, { idempotencyKey: 'refund-pending', reason: 'x' })).toMatchObject({
      ok: false,
      code: 'not_settled',
    });
  });

  it('key_reused: a key already used on another charge is refused, and the second charge is untouched', async () => {
    const first = await sale('settled', '4111111111111111', 3000);
    const second = await sale('settled', '4111111111111111', 3000);
    const input = { idempotencyKey: 'reused-key', reason: 'Customer request', amountCents: 1000 };
    expect((await refundTransaction(deps, agent, first, input)).ok).toBe(true);
    expect(await refundTransaction(deps, agent, second, input)).toMatchObject({ ok: false, code: 'key_reused' });
    expect(await row(second)).toMatchObject({ status: 'settled', refunded_cents: 0, queued_cents: 0 });
    expect(await children(second)).toEqual([]);
    expect(await gatewayCalls('reused-key')).toEqual({ n: 1 });
  });
});
