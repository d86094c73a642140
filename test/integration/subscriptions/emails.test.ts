import type { Deps } from '../../../src/deps';
import { createTransport, deliverOutbox } from '../../../src/email/sender';
import type { ManualClock } from '../../../src/lib/clock';
import { pauseWithMode } from '../../../src/subscriptions/cancel-modes';
import { runRebills } from '../../../src/subscriptions/rebill';
import type { TestDatabase } from '../../support/db';
import { startSmtp } from '../../support/smtp';
import { billingWorld, continuityProduct, customerWithPurchase } from '../../support/subscriptions';
import { sessionUser } from '../../support/users';

const OK = '4111111111111111';
const DECLINES = '4000000000000002';

describe('the subscription emails: pause, recurring order, recurring declined', () => {
  let t: TestDatabase;
  let deps: Deps;
  let clock: ManualClock;
  let product: Awaited<ReturnType<typeof continuityProduct>>;
  let close: () => Promise<unknown>;

  beforeAll(async () => {
    ({ t, deps, clock, close } = await billingWorld('2026-11-24T06:30:00Z'));
    product = await continuityProduct(t.db, { sku: 'EM', name: 'Glow Tonic', trialCents: 0, rebillCents: 2500 });
  });
  afterAll(() => close());

  const due = (card: string, email: string, extra: Record<string, unknown> = {}) =>
    customerWithPurchase(t.db, product, {
      card,
      email,
      purchase: {
        unit_price_cents: 2500,
        currency: 'USD',
        billing_cycle: 1,
        next_bill_date: '2026-11-24',
        status: 'active',
        ...extra,
      },
    });
  const mailTo = (to: string) =>
    t.db('email_outbox').where({ to_address: to }).orderBy('id').select('template', 'subject', 'text_body');
  const run = async (iso: string) => {
    clock.set(new Date(iso));
    await runRebills(deps, { ignoreTime: true });
  };

  it('a pause now is confirmed with its restart date, in the transaction that paused it', async () => {
    const p = await due(OK, 'pause.now@example.com', { next_bill_date: '2026-12-01' });
    const agent = await sessionUser(t.db, 'agent@example.com');
    const r = await pauseWithMode(deps, agent, p.purchaseId, { mode: 'now', restartDate: '2027-01-15' });
    expect(r.ok).toBe(true);
    const mails = await mailTo('pause.now@example.com');
    expect(mails).toEqual([
      expect.objectContaining({ template: 'pause', subject: 'Your Glow Tonic subscription is paused' }),
    ]);
    expect(mails[0].text_body).toContain('It starts again on 2027-01-15');
    expect(mails[0].text_body).toContain('SUB');
  });

  it('a pause scheduled before the next billing is confirmed when the rebill pauses it, not when it is scheduled', async () => {
    const p = await due(OK, 'pause.later@example.com', { next_bill_date: '2026-11-26' });
    const agent = await sessionUser(t.db, 'agent@example.com');
    clock.set(new Date('2026-11-24T06:30:00Z'));
    await pauseWithMode(deps, agent, p.purchaseId, { mode: 'before_next_billing', restartDate: '2026-12-20' });
    expect(await mailTo('pause.later@example.com')).toEqual([]);
    await run('2026-11-26T06:30:00Z');
    expect(await t.db('purchases').where({ id: p.purchaseId }).first()).toMatchObject({ status: 'paused' });
    const mails = await mailTo('pause.later@example.com');
    expect(mails.map((m) => m.template)).toEqual(['pause']);
    expect(mails[0].text_body).toContain('2026-12-20');
  });

  it("a paid rebill sends the recurring order email, with the admin's edited text when there is one", async () => {
    await t.db('email_templates').insert({
      key: 'recurring_order',
      subject: 'Billed: {{amount}} for {{product}}',
      body: 'Hi {{first_name}}, {{amount}} on the card ending {{card_last4}}; next on {{next_bill_date}}.',
    });
    try {
      await due(OK, 'rebill.ok@example.com');
      await run('2026-11-24T06:30:00Z');
      expect(await mailTo('rebill.ok@example.com')).toEqual([
        {
          template: 'recurring_order',
          subject: 'Billed: $25.00 for Glow Tonic',
          text_body: 'Hi Rae, $25.00 on the card ending 1111; next on 2026-12-24.',
        },
      ]);
    } finally {
      await t.db('email_templates').where({ key: 'recurring_order' }).delete();
    }
  });

  it('a declined rebill is announced once, with its retry date; the retries that decline too send nothing more', async () => {
    const p = await due(DECLINES, 'rebill.declined@example.com');
    await run('2026-11-24T06:30:00Z');
    let mails = await mailTo('rebill.declined@example.com');
    expect(mails).toEqual([expect.objectContaining({ template: 'recurring_declined' })]);
    expect(mails[0].text_body).toContain('Your card ending in 0002 was declined for $25.00 (insufficient funds)');
    expect(mails[0].text_body).toContain('We will try again on 2026-11-25');
    await run('2026-11-25T06:30:00Z');
    await run('2026-11-26T06:30:00Z');
    expect(await t.db('purchases').where({ id: p.purchaseId }).first()).toMatchObject({ status: 'cancelled' });
    mails = await mailTo('rebill.declined@example.com');
    expect(mails.map((m) => m.template)).toEqual(['recurring_declined']);
  });

  it('a hard decline (cancelled at once, no retry to announce) writes no email', async () => {
    await due('4000000000000069', 'rebill.hard@example.com');
    await run('2026-11-24T06:30:00Z');
    expect(await mailTo('rebill.hard@example.com')).toEqual([]);
  });

  it('the recurring order email reaches a real SMTP server', async () => {
    await t.db('email_outbox').update({ status: 'sent' });
    await due(OK, 'rebill.smtp@example.com');
    await run('2026-11-24T06:30:00Z');
    const smtp = await startSmtp();
    const transport = createTransport(smtp.url);
    try {
      expect(await deliverOutbox(deps, transport)).toEqual({ sent: 1, failed: 0 });
      expect(smtp.mails[0].to).toEqual(['rebill.smtp@example.com']);
      expect(smtp.mails[0].raw).toContain('Subject: Your Glow Tonic order of $25.00');
    } finally {
      transport.close();
      await smtp.close();
    }
  });
});
