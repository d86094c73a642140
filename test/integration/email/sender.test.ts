import net from 'node:net';
import type { SessionUser } from '../../../src/auth/service';
import { createDb, type Db } from '../../../src/db/knex';
import type { Deps } from '../../../src/deps';
import { createTransport, deliverOutbox } from '../../../src/email/sender';
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { refundTransaction } from '../../../src/payments/refunds';
import { instrumentFor } from '../../../src/payments/gateways/test-cards';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { testConfig } from '../../support/app';
import { sessionUser } from '../../support/users';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { startSmtp } from '../../support/smtp';

const freePort = () =>
  new Promise<number>((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => r(p));
    });
  });

describe('mail goes out through SMTP from the outbox', () => {
  let t: TestDatabase;
  let gatewayDb: Db;
  let deps: Deps;
  let clock: ManualClock;
  let agent: SessionUser;

  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    gatewayDb = createDb(t.url, { max: 3 });
    clock = new ManualClock(new Date());
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

  async function refundSomething(cents: number) {
    const [c] = await t
      .db('customers')
      .insert({ first_name: 'Mia', email: `mia${cents}@example.com` })
      .returning('id');
    const [pi] = await t
      .db('payment_instruments')
      .insert({ customer_id: c.id, ...instrumentFor('4111111111111111') })
      .returning('id');
    const [sale] = await t
      .db('transactions')
      .insert({
        customer_id: c.id,
        payment_instrument_id: pi.id,
        type: 'sale',
        status: 'settled',
        amount_cents: 10_000,
        gateway_reference: `r${cents}`,
      })
      .returning('id');
    const r = await refundTransaction(deps, agent, sale.id, {
      idempotencyKey: `mail-${cents}`,
      reason: 'Customer request',
      amountCents: cents,
    });
    expect(r.ok).toBe(true);
    return `mia${cents}@example.com`;
  }

  it('a real in-process SMTP server receives the refund email with the right amount, once', async () => {
    await t.db('email_outbox').update({ status: 'sent' }); // the demo's own mail is not this test's
    const smtp = await startSmtp();
    const transport = createTransport(smtp.url);
    try {
      const to = await refundSomething(1234);
      const [a, b] = await Promise.all([deliverOutbox(deps, transport), deliverOutbox(deps, transport)]);
      expect(a.sent + b.sent).toBe(1);
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0].to).toEqual([to]);
      expect(smtp.mails[0].raw).toContain('Subject: Your refund of $12.34');
      expect(await t.db('email_outbox').where({ to_address: to }).first()).toMatchObject({
        status: 'sent',
        attempts: 1,
      });
      expect(await deliverOutbox(deps, transport)).toEqual({ sent: 0, failed: 0 });
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it('with the SMTP server down the email stays queued with its error, and arrives after it comes back', async () => {
    const port = await freePort();
    const transport = createTransport(`smtp://127.0.0.1:${port}`);
    const to = await refundSomething(2500);
    expect(await deliverOutbox(deps, transport)).toEqual({ sent: 0, failed: 1 });
    const queued = await t.db('email_outbox').where({ to_address: to }).first();
    expect(queued).toMatchObject({ status: 'pending', attempts: 1 });
    expect(queued.last_error).toMatch(/ECONNREFUSED/);
    expect(await deliverOutbox(deps, transport)).toEqual({ sent: 0, failed: 0 }); // backing off: not due yet

    const smtp = await startSmtp(port);
    try {
      clock.advanceDays(1 / 24);
      expect(await deliverOutbox(deps, transport)).toEqual({ sent: 1, failed: 0 });
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0].raw).toContain('$25.00');
      expect(await t.db('email_outbox').where({ to_address: to }).first()).toMatchObject({
        status: 'sent',
        attempts: 2,
      });
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it('without SMTP_URL nothing is sent: the outbox is the mailbox', async () => {
    expect(await deliverOutbox(deps, null)).toEqual({ sent: 0, failed: 0 });
  });
});
