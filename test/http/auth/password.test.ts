import { verifyPassword } from '../../../src/auth/passwords';
import { createTestApp, signIn, type TestApp } from '../../support/app';

describe("changing one's own password", () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const hash = async () =>
    (await t.deps.db('users').where({ email: 'agent@example.com' }).first()).password_hash as string;

  it('re-renders the form with 422 and field messages on bad input, changing nothing', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const before = await hash();
    const res = await agent
      .post('/account/password')
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ current: 'wrong', password: 'short', confirm: 'other' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Use at least 10 characters.');
    const wrong = await agent
      .post('/account/password')
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ current: 'wrong', password: 'a-long-new-password', confirm: 'a-long-new-password' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('The current password is wrong.');
    expect(await hash()).toBe(before);
  });

  it('changes the password and records the event', async () => {
    const { agent, csrf } = await signIn(t.app, 'agent@example.com');
    const res = await agent
      .post('/account/password')
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ current: 'demo-password', password: 'a-long-new-password', confirm: 'a-long-new-password' });
    expect(res.status).toBe(303);
    expect(await verifyPassword('a-long-new-password', await hash())).toBe(true);
    expect(await t.deps.db('events').where({ kind: 'user.password_changed' }).count({ n: '*' }).first()).toEqual({
      n: 1,
    });
  });
});
