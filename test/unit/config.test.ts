import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cd-config-'));

describe('loadConfig', () => {
  it('defaults to the embedded database and generates a session secret once, into DATA_DIR', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    expect(first).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: dir,
      smtpUrl: null,
      tz: 'UTC',
      seedDemo: false,
    });
    expect(first.sessionSecret).toHaveLength(64);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(first.sessionSecret);
  });

  it('requires SESSION_SECRET when DATABASE_URL is set', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@db/x', DATA_DIR: dataDir() })).toThrow(
      new ConfigError('SESSION_SECRET is required when DATABASE_URL is set (every container must use the same one)'),
    );
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/x', SESSION_SECRET: 'a'.repeat(32) }).databaseUrl).toBe(
      'postgres://u:p@db/x',
    );
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ HOST: 'example.com' }, /^HOST: must be an IP address/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: must start with postgres/],
    [{ SMTP_URL: 'http://mail' }, /^SMTP_URL: must start with smtp/],
    [{ TZ: 'Mars/Olympus' }, /^TZ: is not a known time zone/],
    [{ SESSION_SECRET: 'short' }, /^SESSION_SECRET: must be at least 16/],
    [{ SEED_DEMO: 'yes' }, /^SEED_DEMO: /],
    [{ GATEWAY: 'paypal' }, /^GATEWAY: /],
    [{ GATEWAY: 'stripe' }, /^STRIPE_SECRET_KEY is required when GATEWAY=stripe/],
    [{ GATEWAY: 'stripe', STRIPE_SECRET_KEY: 'pk_live_x' }, /^STRIPE_SECRET_KEY: must start with sk_/],
  ])('refuses %p with one clear line', (env, message) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(message);
  });

  it('reads SMTP, TZ and SEED_DEMO', () => {
    const c = loadConfig({
      DATA_DIR: dataDir(),
      SMTP_URL: 'smtp://localhost:2525',
      TZ: 'America/New_York',
      SEED_DEMO: '1',
      PORT: '8080',
      HOST: '0.0.0.0',
    });
    expect(c).toMatchObject({
      smtpUrl: 'smtp://localhost:2525',
      tz: 'America/New_York',
      seedDemo: true,
      port: 8080,
      host: '0.0.0.0',
    });
  });

  it('chooses the test gateway by default and Stripe with its key', () => {
    expect(loadConfig({ DATA_DIR: dataDir() })).toMatchObject({ gateway: 'test', stripe: null });
    expect(
      loadConfig({
        DATA_DIR: dataDir(),
        GATEWAY: 'stripe',
        STRIPE_SECRET_KEY: 'sk_test_abc',
        STRIPE_WEBHOOK_SECRET: 'whsec_x',
      }),
    ).toMatchObject({
      gateway: 'stripe',
      stripe: { secretKey: 'sk_test_abc', apiBase: null, webhookSecret: 'whsec_x' },
    });
  });
});
