import { createTestApp, signIn, type TestApp } from '../../support/app';

describe('admin settings: days before a rebill for the reminder email', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const htmx = { 'HX-Request': 'true' };
  const days = async () => (await t.deps.db('settings').first('rebill_reminder_days')).rebill_reminder_days;
  const form = { cancellation_reasons: 'Too expensive', refund_reasons: 'Customer request' };
  const times = { refund_queue_time: '07:00', rebill_time: '06:00' };

  it('is on the form, saved with an event, and refused (422, nothing saved) when blank, negative, fractional or over 30', async () => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    expect((await agent.get('/admin/settings')).text).toContain(
      'name="rebill_reminder_days" type="number" min="0" max="30" size="3" value="3"',
    );
    const save = (v: Record<string, string>) =>
      agent
        .patch('/admin/settings')
        .set(htmx)
        .set('X-CSRF-Token', csrf)
        .type('form')
        .send({ ...form, ...times, ...v });
    for (const [value, words] of [
      ['', 'Enter a number of days'],
      ['-1', 'Enter 0 or more days'],
      ['2.5', 'Enter whole days.'],
      ['31', 'At most 30 days'],
    ]) {
      const res = await save({ rebill_reminder_days: value });
      expect(res.status).toBe(422);
      expect(res.text).toContain(words);
      expect(await days()).toBe(3);
    }
    const ok = await save({ rebill_reminder_days: '5' });
    expect(ok.status).toBe(200);
    expect(await days()).toBe(5);
    const event = await t.deps.db('events').where({ kind: 'settings.changed' }).orderBy('id', 'desc').first();
    expect(event.before).toMatchObject({ rebill_reminder_days: 3 });
    expect(event.after).toMatchObject({ rebill_reminder_days: 5 });
    expect((await save({})).status).toBe(200); // a form without the field leaves it as it is
    expect(await days()).toBe(5);
    expect((await save({ rebill_reminder_days: '0' })).status).toBe(200);
    expect(await days()).toBe(0);
    // The QA queue's random check, on the same form with the same kind of field.
    const qa = async () => (await t.deps.db('settings').first('qa_sample_percent')).qa_sample_percent;
    for (const [value, words] of [
      ['', 'Enter a percentage'],
      ['101', 'Enter 0 to 100.'],
      ['7.5', 'Enter a whole percentage.'],
    ]) {
      const res = await save({ qa_sample_percent: value });
      expect([res.status, res.text.includes(words)]).toEqual([422, true]);
      expect(await qa()).toBe(0);
    }
    expect((await save({ qa_sample_percent: '10' })).status).toBe(200);
    expect(await qa()).toBe(10);
  });
});
