import { createTestApp, signIn, type TestApp } from '../../support/app';
import { customerLines, importCsv } from '../../support/import-csv';

describe('admin imports pages', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const customers = async () => Number((await t.deps.db('customers').count({ n: '*' }))[0].n);
  const upload = async (text: string, name = 'old-crm.csv') => {
    const { agent, csrf } = await signIn(t.app, 'owner@example.com');
    const res = await agent.post('/admin/imports').set('X-CSRF-Token', csrf).attach('file', Buffer.from(text), name);
    return { agent, csrf, res };
  };

  it('is for admins only', async () => {
    const { agent } = await signIn(t.app, 'lead@example.com');
    expect((await agent.get('/admin/imports')).headers.location).toBe('/');
  });

  it('a file with nothing to import is answered 422 with its problems and not kept', async () => {
    const { res } = await upload('name,mail\nAda,ada@x.test\n');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Nothing in this file can be imported.');
    expect(res.text).toContain('Unknown column(s): name, mail');
    expect(await t.deps.db('import_files').count({ n: '*' })).toEqual([{ n: 0 }]);
    const none = await upload('');
    expect(none.res.status).toBe(422);
  });

  it('upload → dry run report (nothing written) → confirm → imported; confirming again imports nothing', async () => {
    const before = await customers();
    const csv = importCsv([
      ...customerLines(1),
      ...customerLines(2),
      { record: 'order', source_id: 'O9', customer_id: 'C404', status: 'complete' },
    ]);
    const { agent, csrf, res } = await upload(csv);
    expect(res.status).toBe(303);
    const file = await t.deps.db('import_files').orderBy('id', 'desc').first();
    expect(res.headers.location).toBe(`/admin/imports/${file.id}`);
    expect(await customers()).toBe(before);

    const report = await agent.get(res.headers.location);
    expect(report.text).toContain('Confirming would create');
    expect(report.text).toContain('2 customers, 2 orders, 2 items, 2 charges, 2 subscriptions');
    expect(report.text).toContain(
      'Line 12: customer_id C404 is not a customer above in this file or in an earlier import',
    );
    expect(report.text).toContain('Import now');

    const confirm = await agent.post(`/admin/imports/${file.id}/confirmation`).set('X-CSRF-Token', csrf);
    expect(confirm.status).toBe(303);
    expect(await customers()).toBe(before + 2);
    const done = await agent.get(`/admin/imports/${file.id}`);
    expect(done.text).toContain('Imported.');
    expect(done.text).not.toContain('Import now');
    expect(await t.deps.db('import_files').where({ id: file.id }).first()).toMatchObject({
      status: 'imported',
      content: '',
    });
    const event = await t.deps.db('events').where({ kind: 'import.completed' }).first();
    expect(event).toMatchObject({ actor_name: 'Olivia Owner' });

    const twice = await agent.post(`/admin/imports/${file.id}/confirmation`).set('X-CSRF-Token', csrf);
    expect(twice.status).toBe(303);
    expect((await agent.get(`/admin/imports/${file.id}`)).text).toContain('This file was imported already.');

    // The same file uploaded again: every line was imported before.
    const again = await upload(csv);
    expect(again.res.status).toBe(422);
    expect(await customers()).toBe(before + 2);
  });
});
