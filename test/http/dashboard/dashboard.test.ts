import { createTestApp, signIn, type TestApp } from '../../support/app';
import { refreshDashboardSummary } from '../../../src/dashboard/queries';

const figure = (html: string, name: string) =>
  Number(new RegExp(`data-figure="${name}">([^<]*)<`).exec(html)?.[1].replace(/,/g, ''));

describe('dashboard figures from the summary row', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('counts on the spot the first time, then shows the counted figures and their age until the job recounts', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    expect(await t.deps.db('dashboard_summary').first()).toBeUndefined();
    const first = await agent.get('/');
    const [{ n: all }] = await t.deps.db('customers').count({ n: '*' });
    const row = await t.deps.db('dashboard_summary').first();
    expect(Number(row.all_customers)).toBe(Number(all));
    expect(figure(first.text, 'customers') + figure(first.text, 'leads')).toBe(Number(all));
    expect(first.text).toMatch(/as counted at \d{4}-\d\d-\d\d \d\d:\d\d \(0 s ago; recounted every minute\)/);

    await t.deps.db('customers').insert({ first_name: 'New', last_name: 'Lead', email: 'new.lead@example.com' });
    const stale = await agent.get('/');
    expect(figure(stale.text, 'leads')).toBe(figure(first.text, 'leads'));

    const runs = await Promise.all([
      refreshDashboardSummary(t.deps.db, new Date()),
      refreshDashboardSummary(t.deps.db, new Date()),
    ]);
    expect(runs.some((r) => r.refreshed)).toBe(true);
    const fresh = await agent.get('/');
    expect(figure(fresh.text, 'leads')).toBe(figure(first.text, 'leads') + 1);
  });

  it('parallel first views wait for one count and all show it', async () => {
    const { agent } = await signIn(t.app, 'agent@example.com');
    await t.deps.db('dashboard_summary').delete();
    const [{ n: all }] = await t.deps.db('customers').count({ n: '*' });
    const pages = await Promise.all(Array.from({ length: 4 }, () => agent.get('/')));
    for (const page of pages) expect(figure(page.text, 'customers') + figure(page.text, 'leads')).toBe(Number(all));
  });
});
