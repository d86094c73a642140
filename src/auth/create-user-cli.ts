import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config';
import { openScriptDatabase } from '../db/open';
import { createLogger } from '../lib/logger';
import { ROLES } from './permissions';
import { createUser } from './service';

const USAGE =
  'usage: npm run user:create -- --email you@example.com --name "Your Name" [--role admin|cs_admin|agent] [--password …]';

const args = z.object({
  email: z.string().email('--email must be an email address'),
  name: z.string().min(1, '--name is required'),
  role: z.enum(ROLES, { message: '--role must be admin, cs_admin or agent' }).default('admin'),
  password: z.string().min(10, '--password must have at least 10 characters').optional(),
});

/**
 * Creates a user from the shell: the first admin of a DATABASE_URL install. The very first user is
 * the owner. Without --password a random one is printed and must be changed at first login.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const parsed = args.safeParse(values);
  if (!parsed.success) throw new ConfigError(`${parsed.error.issues[0].message}\n${USAGE}`);
  const config = loadConfig();
  if (!config.databaseUrl && postmasterRunning(path.join(config.dataDir, 'pg'))) {
    throw new ConfigError('the app is running on the embedded database: stop it first, or add users in Admin → Users');
  }
  const { db, close } = await openScriptDatabase(config, createLogger('warn'), 1);
  try {
    const { email, name, role } = parsed.data;
    const [{ n }] = await db('users').count({ n: '*' });
    const isOwner = Number(n) === 0;
    if (isOwner && role !== 'admin')
      throw new ConfigError('the first user is the owner and must be an admin (--role admin)');
    const password = parsed.data.password ?? crypto.randomBytes(12).toString('base64url');
    await createUser(db, { email, name, role, password, isOwner, mustChangePassword: !parsed.data.password });
    console.log(
      `Created ${role}${isOwner ? ' (owner)' : ''} ${email}` +
        (parsed.data.password ? '' : ` with the one-time password ${password} (to change at first login)`),
    );
  } finally {
    await close();
  }
}

function postmasterRunning(dir: string): boolean {
  try {
    process.kill(Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]), 0);
    return true;
  } catch {
    return false;
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? `Error: ${e.message}` : e);
  process.exit(1);
});
