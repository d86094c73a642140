import { authenticate, createUser } from '../../../src/auth/service';
import { verifyPassword, hashPassword } from '../../../src/auth/passwords';
import { createTestDatabase, type TestDatabase } from '../../support/db';

describe('authenticate', () => {
  let t: TestDatabase;
  beforeAll(async () => (t = await createTestDatabase({ demo: true })));
  afterAll(() => t.drop());

  it('accepts the right password, whatever the case of the email', async () => {
    expect(await authenticate(t.db, 'Agent@Example.com', 'demo-password')).toMatchObject({
      email: 'agent@example.com',
      role: 'agent',
      isOwner: false,
    });
  });

  it('refuses a wrong password and an unknown email', async () => {
    expect(await authenticate(t.db, 'agent@example.com', 'wrong-password')).toBeNull();
    expect(await authenticate(t.db, 'nobody@example.com', 'demo-password')).toBeNull();
  });

  it('refuses a disabled user', async () => {
    await createUser(t.db, { email: 'gone@example.com', name: 'Gone', role: 'agent', password: 'long-enough-pw' });
    await t.db('users').where({ email: 'gone@example.com' }).update({ disabled_at: new Date() });
    expect(await authenticate(t.db, 'gone@example.com', 'long-enough-pw')).toBeNull();
  });

  it('stores scrypt hashes, never the password', async () => {
    const { password_hash } = await t.db('users').where({ email: 'owner@example.com' }).first();
    expect(password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(password_hash).not.toContain('demo-password');
    const h = await hashPassword('x');
    expect(await verifyPassword('x', h)).toBe(true);
    expect(await verifyPassword('y', h)).toBe(false);
  });
});
