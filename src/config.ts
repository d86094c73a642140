import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';

/** The environment, validated once. Everything else reads this object, never process.env. */
export interface Config {
  port: number;
  /** The address to listen on: loopback unless a container publishes the port (the Dockerfile sets 0.0.0.0). */
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  sessionSecret: string;
  smtpUrl: string | null;
  mailFrom: string;
  tz: string;
  seedDemo: boolean;
  logLevel: string;
  secureCookies: boolean;
  /** Delay added to every test-gateway call, for benchmarks. */
  testGatewayLatencyMs: number;
  /** false: this process serves pages only (a benchmark, or a web-only container). */
  runJobs: boolean;
  /** Webhook URLs may point at loopback and private addresses (tests, a receiver on the same network). */
  webhookAllowPrivate: boolean;
  /** Which gateway moves the money: the built-in test one (default) or Stripe. */
  gateway: 'test' | 'stripe';
  /** Set when `gateway` is `stripe`; `apiBase` only points the library at a mock server (tests). */
  stripe: { secretKey: string; apiBase: string | null; webhookSecret: string | null } | null;
  /** The customer's portal: where its links point (emails need an absolute address) and whose name it shows. */
  portal: { publicUrl: string; merchantName: string };
}

export class ConfigError extends Error {}

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? null : v.trim()));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z
    .string()
    .trim()
    .default('127.0.0.1')
    .refine((v) => v === 'localhost' || net.isIP(v) !== 0, 'must be an IP address such as 127.0.0.1, 0.0.0.0 or ::'),
  DATABASE_URL: optionalString.refine(
    (v) => v === null || /^postgres(ql)?:\/\//.test(v),
    'must start with postgres:// or postgresql://',
  ),
  DATA_DIR: z.string().default('./data'),
  SESSION_SECRET: optionalString.refine((v) => v === null || v.length >= 16, 'must be at least 16 characters'),
  SMTP_URL: optionalString.refine((v) => v === null || /^smtps?:\/\//.test(v), 'must start with smtp:// or smtps://'),
  MAIL_FROM: z.string().default('Continuity Desk <desk@example.com>'),
  TZ: z.string().default('UTC').refine(isTimeZone, 'is not a known time zone (e.g. UTC, America/New_York)'),
  SEED_DEMO: z.enum(['0', '1', '']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SECURE_COOKIES: z.enum(['0', '1', '']).optional(),
  TEST_GATEWAY_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  RUN_JOBS: z.enum(['0', '1', '']).optional(),
  WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1', '']).optional(),
  GATEWAY: z.enum(['test', 'stripe']).default('test'),
  STRIPE_SECRET_KEY: optionalString.refine((v) => v === null || /^(sk|rk)_/.test(v), 'must start with sk_ or rk_'),
  STRIPE_API_BASE: optionalString.refine(
    (v) => v === null || /^https?:\/\/[^/]+\/?$/.test(v),
    'must be like http://127.0.0.1:12111',
  ),
  PUBLIC_URL: optionalString.refine(
    (v) => v === null || /^https?:\/\/[^\s]+$/.test(v),
    'must be like https://care.example.com',
  ),
  MERCHANT_NAME: z.string().trim().min(1).max(80).default('Customer Care'),
  STRIPE_WEBHOOK_SECRET: optionalString.refine((v) => v === null || v.startsWith('whsec_'), 'must start with whsec_'),
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parses the environment; throws ConfigError with one readable line on the first problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  if (e.DATABASE_URL && !e.SESSION_SECRET) {
    // Several containers share one database: they must share one secret, so it cannot be generated.
    throw new ConfigError(
      'SESSION_SECRET is required when DATABASE_URL is set (every container must use the same one)',
    );
  }
  if (e.GATEWAY === 'stripe' && !e.STRIPE_SECRET_KEY)
    throw new ConfigError('STRIPE_SECRET_KEY is required when GATEWAY=stripe (a key from the Stripe dashboard)');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    sessionSecret: e.SESSION_SECRET ?? generatedSecret(dataDir),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    tz: e.TZ,
    seedDemo: e.SEED_DEMO === '1',
    logLevel: e.LOG_LEVEL,
    secureCookies: e.SECURE_COOKIES === '1',
    testGatewayLatencyMs: e.TEST_GATEWAY_LATENCY_MS,
    runJobs: e.RUN_JOBS !== '0',
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === '1',
    gateway: e.GATEWAY,
    stripe:
      e.GATEWAY === 'stripe' && e.STRIPE_SECRET_KEY
        ? { secretKey: e.STRIPE_SECRET_KEY, apiBase: e.STRIPE_API_BASE, webhookSecret: e.STRIPE_WEBHOOK_SECRET }
        : null,
    portal: {
      publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      merchantName: e.MERCHANT_NAME,
    },
  };
}

/** The embedded default keeps its secret beside the database so sessions survive restarts. */
function generatedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString('hex');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
