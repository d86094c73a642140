import type { SessionUser } from '../../../src/auth/service';
import { createDb, type Db } from '../../../src/db/knex';
import type { Deps } from '../../../src/deps';
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { instrumentFor } from '../../../src/payments/gateways/test-cards';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { queueOutlook, retryItemNow } from '../../../src/payments/queue-now';
import { runRefundQueue } from '../../../src/payments/refund-queue';
import { refundTransaction } from '../../../src/payments/refunds';
import { testConfig } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionUser } from '../../support/users';

// The queue runs daily at 07:00 (UTC here); the clock starts on a Monday at 05:00, before the day's run.
describe('the refund queue by hand: retry one item now, and what Run now would do', () => {
  let t: TestDatabase;
  let gatewayDb: Db;
  let deps: Deps;
  let clock: ManualClock;
  let agent: SessionUser;
  let admin: SessionUser;

  beforeAll(async () => {
    t = await createTestDatabase();
    gatewayDb = createDb(t.url, { max: 4 });
    clock = new ManualClock(new Date('2026-11-22T10:00:00Z'));
    deps = {
      config: testConfig(),
      db: t.db,
      clock,
      logger: createLogger('silent'),
      gateway: new TestGateway(gatewayDb),
    };
    await t.db('users').insert([
      { email: 'qa@example.com', name: 'Q Agent', role: 'agent', password_hash: 'x' },
      { email: 'qd@example.com', name: 'Q Admin', role: 'admin', password_hash: 'x' },
    ]);
    agent = await sessionUser(t.db, 'qa@example.com');
    admin = await sessionUser(t.db, 'qd@example.com');
  });
  afterAll(async () => {
    await gatewayDb.destroy();
    await t.drop();
  });

  async function queued(card: string) {
    const [c] = await t
      .db('customers')
      .insert({ first_name: 'Quinn', email: `q${Math.random()}@example.com` })
      .returning('id');
    const [pi] = await t
      .db('payment_instruments')
      .insert({ customer_id: c.id, ...instrumentFor(card) })
      .returning('id');
    const [sale] = await t
      .db('transactions')
      .insert({
        customer_id: c.id,
        payment_instrument_id: pi.id,
        type: 'sale',
        status: 'settled',
        amount_cents: 3000,
        gateway_reference: `r${Math.random()}`,
      })
      .returning('id');
    await refundTransaction(deps, agent, sale.id, { idempotencyKey: `k-${sale.id}`, reason: 'Customer request' });
    return t.db('refund_queue').where({ transaction_id: sale.id }).first();
  }

  it('a retry by hand is that day’s attempt: the day’s run leaves it until tomorrow; an approved retry refunds', async () => {
    const twice = await queued('4000000000000127'); // declined twice, then approved
    clock.set(new Date('2026-11-23T05:00:00Z'));
    expect(await queueOutlook(t.db, clock.now())).toMatchObject({ due: 0, next: { count: 1 } });
    expect(await retryItemNow(deps, admin, twice.id)).toMatchObject({
      ok: true,
      message: `Queue item #${twice.id}: The gateway declined it again; the next retry is on 2026-11-24 07:00.`,
    });
    clock.set(new Date('2026-11-23T07:30:00Z'));
    expect(await runRefundQueue(deps)).toMatchObject({ attempted: 0 });
    clock.set(new Date('2026-11-24T07:30:00Z'));
    expect(await queueOutlook(t.db, clock.now())).toEqual({ due: 1, next: null });
    expect(await runRefundQueue(deps)).toMatchObject({ attempted: 1, refunded: 1 });
    expect(await t.db('refund_queue').where({ id: twice.id }).first()).toMatchObject({
      status: 'succeeded',
      attempts: 2,
    });
    expect(await retryItemNow(deps, admin, twice.id)).toMatchObject({ ok: false, code: 'not_queued' });
    const events = await t.db('events').where({ kind: 'refund_queue.retried_now' }).pluck('actor_name');
    expect(events).toEqual(['Q Admin']);
  });
});
