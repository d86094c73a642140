import { recordEvent } from '../../../src/audit/record';
import type { SessionUser } from '../../../src/auth/service';
import { createCustomer } from '../../../src/customers/service';
import type { Deps } from '../../../src/deps';
import { ManualClock } from '../../../src/lib/clock';
import { createLogger } from '../../../src/lib/logger';
import { deliverWebhooks } from '../../../src/webhooks/deliver';
import { createEndpoint, redeliver } from '../../../src/webhooks/service';
import { testConfig } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { startReceiver, verifySignature } from '../../support/receiver';
import { sessionUser } from '../../support/users';

const START = new Date('2026-11-23T10:00:00Z');
const MINUTE = 60_000;

describe('webhook deliveries to a real receiver, with a moved clock', () => {
  let t: TestDatabase;
  let deps: Pick<Deps, 'config' | 'db' | 'clock' | 'logger'>;
  let clock: ManualClock;
  let admin: SessionUser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let endpointId: number;
  let secret: string;

  beforeEach(async () => {
    t = await createTestDatabase({ demo: true });
    clock = new ManualClock(START);
    deps = { config: testConfig(), db: t.db, clock, logger: createLogger('silent') };
    admin = await sessionUser(t.db, 'owner@example.com');
    receiver = await startReceiver();
    const created = await createEndpoint(deps, admin, {
      url: receiver.url,
      events: ['customer.created'],
      enabled: true,
    });
    if (!created.ok) throw new Error(created.message);
    endpointId = created.id;
    secret = (await t.db('webhook_endpoints').where({ id: endpointId }).first()).secret;
    await t.db('notify_emails').insert({ email: 'ops@example.com' });
  });
  afterEach(async () => {
    await receiver.close();
    await t.drop();
  });

  const newCustomer = (n = 1) =>
    createCustomer(t.db, admin, { first_name: 'Wendy', last_name: `Hook${n}`, email: `wendy${n}@example.com` });
  const delivery = async () => t.db('webhook_deliveries').where({ endpoint_id: endpointId }).first();
  const at = (minutes: number) => clock.set(new Date(START.getTime() + minutes * MINUTE));

  it('writes the delivery with its cause and posts it signed; the receiver verifies the signature', async () => {
    const customerId = await newCustomer();
    // An event kind no endpoint wants writes nothing.
    await t.db.transaction((trx) => trx('customers').where({ id: customerId }).update({ phone: '555' }));
    expect(await t.db('webhook_deliveries').count({ n: '*' })).toEqual([{ n: 1 }]);

    expect(await deliverWebhooks(deps)).toEqual({ delivered: 1, failed: 0 });
    const [got] = receiver.received;
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({
      type: 'customer.created',
      data: { object: 'customer', object_id: String(customerId), customer_id: customerId, actor: { kind: 'user' } },
    });
    expect(got.headers['webhook-id']).toBe(body.id);
    expect(got.headers['webhook-signature']).toMatch(new RegExp(`^t=${START.getTime() / 1000},v1=[0-9a-f]{64}$`));
    expect(verifySignature(String(got.headers['webhook-signature']), got.body, secret)).toBe(true);
    expect(verifySignature(String(got.headers['webhook-signature']), `${got.body} `, secret)).toBe(false);
    expect(await delivery()).toMatchObject({ status: 'delivered', attempts: 1 });
    const [attempt] = await t.db('webhook_attempts');
    expect(attempt).toMatchObject({ status_code: 200, response_excerpt: 'received 1' });
  });

  it('a cause that rolls back sends nothing', async () => {
    await expect(
      t.db.transaction(async (trx) => {
        await recordEvent(trx, { actor: { kind: 'system', name: 't' }, kind: 'customer.created', summary: 'x' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await t.db('webhook_deliveries').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('retries after a 500 with exponential backoff: not before the wait, then delivered', async () => {
    await newCustomer();
    receiver.answer(500, 503);
    expect(await deliverWebhooks(deps)).toEqual({ delivered: 0, failed: 1 });
    expect(await delivery()).toMatchObject({
      status: 'pending',
      attempts: 1,
      next_attempt_at: new Date(START.getTime() + MINUTE),
    });

    at(0.5);
    expect(await deliverWebhooks(deps)).toEqual({ delivered: 0, failed: 0 });
    at(1);
    expect(await deliverWebhooks(deps)).toEqual({ delivered: 0, failed: 1 });
    // Second failure: two minutes.
    expect((await delivery()).next_attempt_at).toEqual(new Date(START.getTime() + 3 * MINUTE));
    at(2.9);
    expect(await deliverWebhooks(deps)).toEqual({ delivered: 0, failed: 0 });
    at(3);
    expect(await deliverWebhooks(deps)).toEqual({ delivered: 1, failed: 0 });
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    const log = await t.db('webhook_attempts').orderBy('id').pluck('status_code');
    expect(log).toEqual([500, 503, 200]);
    expect((await t.db('webhook_endpoints').where({ id: endpointId }).first()).failing_since).toBeNull();
  });

  it('disables an endpoint failing for a day and emails the notify list once; redelivery needs it enabled', async () => {
    await newCustomer(1);
    await newCustomer(2);
    receiver.answer(...Array(100).fill(500));
    let minutes = 0;
    while ((await t.db('webhook_endpoints').where({ id: endpointId }).first()).enabled) {
      at(minutes);
      await deliverWebhooks(deps);
      minutes += 60;
      if (minutes > 48 * 60) throw new Error('never disabled');
    }
    const endpoint = await t.db('webhook_endpoints').where({ id: endpointId }).first();
    expect(endpoint.disabled_reason).toMatch(/failed for a day/);
    expect(minutes - 60).toBeGreaterThanOrEqual(24 * 60);
    expect(minutes - 60).toBeLessThan(26 * 60);
    const mails = await t.db('email_outbox').where({ template: 'webhook_disabled' });
    expect(mails.map((m) => m.to_address)).toEqual(['ops@example.com']);
    expect(await t.db('events').where({ kind: 'webhook.endpoint_disabled' })).toHaveLength(1);
    const pending = await delivery();
    expect(await redeliver(deps, admin, endpointId, pending.id)).toMatchObject({ code: 'endpoint_disabled' });

    // Disabled: nothing is claimed any more, however late.
    const before = receiver.received.length;
    at(minutes + 600);
    expect(await deliverWebhooks(deps)).toEqual({ delivered: 0, failed: 0 });
    expect(receiver.received).toHaveLength(before);
  });

  it('gives up three days after the event, and a redelivery sends it once more', async () => {
    await newCustomer();
    // The outbox stamps the delivery with the database's time; the story starts at START whatever the wall clock says.
    await t.db('webhook_deliveries').update({ created_at: START });
    receiver.answer(...Array(100).fill(500));
    // Keep the endpoint on (a success elsewhere would); here: switch it back on each run.
    for (let m = 0; m <= 80 * 60; m += 30) {
      at(m);
      await t.db('webhook_endpoints').update({ enabled: true, failing_since: null });
      await deliverWebhooks(deps);
    }
    const d = await delivery();
    expect(d).toMatchObject({ status: 'failed', next_attempt_at: null });
    const last = await t.db('webhook_attempts').max({ at: 'attempted_at' }).first();
    expect(last!.at.getTime() - START.getTime()).toBeLessThanOrEqual(72 * 60 * MINUTE);

    receiver.reset();
    expect(await redeliver(deps, admin, endpointId, d.id)).toEqual({ ok: true });
    expect(await redeliver(deps, admin, endpointId, d.id)).toMatchObject({ ok: false, code: 'already_pending' });
    expect(await deliverWebhooks(deps)).toEqual({ delivered: 1, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(await delivery()).toMatchObject({ status: 'delivered' });
  });

  it('two jobs at once (two containers) send each delivery once', async () => {
    for (let i = 0; i < 45; i++) await newCustomer(i);
    const [a, b] = await Promise.all([deliverWebhooks(deps), deliverWebhooks(deps)]);
    expect(a.delivered + b.delivered).toBe(45);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(45);
    expect(receiver.received).toHaveLength(45);
  });

  it('refuses private addresses when they are not allowed, at save and at delivery', async () => {
    const strict = { ...deps, config: testConfig({ webhookAllowPrivate: false }) };
    for (const url of [
      'http://127.0.0.1/x',
      'http://10.1.2.3/x',
      'http://[::1]/x',
      'http://169.254.169.254/latest',
      'http://localhost/x',
    ]) {
      expect(await createEndpoint(strict, admin, { url, events: ['customer.created'], enabled: true })).toMatchObject({
        ok: false,
        code: 'address_refused',
      });
    }
    await newCustomer();
    expect(await deliverWebhooks(strict)).toEqual({ delivered: 0, failed: 1 });
    expect(receiver.received).toHaveLength(0);
    expect((await t.db('webhook_attempts').first()).error).toMatch(/private or local address/);
  });
});
