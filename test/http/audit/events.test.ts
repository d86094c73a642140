import { recordEvent } from '../../../src/audit/record';
import { createTestApp, signIn, type TestApp } from '../../support/app';
import { sessionUser } from '../../support/users';

describe('the event log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const agent = await sessionUser(t.deps.db, 'agent@example.com');
    const lead = await sessionUser(t.deps.db, 'lead@example.com');
    const alice = await t.deps.db('customers').where({ email: 'alice.refundable@example.com' }).first();
    for (let i = 0; i < 60; i++) {
      await recordEvent(t.deps.db, {
        actor: { kind: 'user', id: agent.id, name: agent.name },
        kind: 'customer.edited',
        customerId: alice.id,
        summary: `agent edit ${i}`,
        before: { phone: `${i}` },
        after: { phone: `${i + 1}` },
      });
    }
    await recordEvent(t.deps.db, {
      actor: { kind: 'user', id: lead.id, name: lead.name },
      kind: 'customer.merged',
      customerId: alice.id,
      summary: 'lead merge',
    });
    await recordEvent(t.deps.db, {
      actor: { kind: 'job', name: 'Refund queue' },
      kind: 'refund_queue.failed',
      summary: 'job failure',
    });
  });
  afterAll(() => t.close());

  it('filters by person, customer and kind, newest first, with before → after', async () => {
    const { agent } = await signIn(t.app, 'owner@example.com');
    const lead = await sessionUser(t.deps.db, 'lead@example.com');
    const byLead = await agent.get(`/admin/events?user=${lead.id}`).set('HX-Request', 'true');
    expect(byLead.text).toContain('lead merge');
    expect(byLead.text).not.toContain('agent edit');
    const byKind = await agent.get('/admin/events?kind=refund_queue.failed').set('HX-Request', 'true');
    expect(byKind.text).toContain('job failure');
    expect(byKind.text).not.toContain('lead merge');
    const page = await agent.get('/admin/events?kind=customer.edited');
    expect(page.text.indexOf('agent edit 59')).toBeLessThan(page.text.indexOf('agent edit 58'));
    expect(page.text).toContain('<span class="muted">phone:</span> &#34;59&#34; → &#34;60&#34;');
  });

  it('pages by keyset: the older page starts where the first ended', async () => {
    const { agent } = await signIn(t.app, 'owner@example.com');
    const first = await agent.get('/admin/events?kind=customer.edited');
    const older = /href="\/admin\/events\?kind=customer.edited&amp;before=(\d+)"/.exec(first.text);
    expect(older).not.toBeNull();
    const second = await agent.get(`/admin/events?kind=customer.edited&before=${older![1]}`);
    expect(first.text).toContain('agent edit 10');
    expect(first.text).not.toContain('agent edit 9<');
    expect(second.text).toContain('agent edit 9<');
    expect(second.text).toContain('agent edit 0<');
    expect(second.text).not.toContain('agent edit 10<');
  });

  it('a bad date shows the message with 422', async () => {
    const { agent } = await signIn(t.app, 'owner@example.com');
    const res = await agent.get('/admin/events?from=yesterday');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Use a real date like 2026-11-23.');
  });
});
