import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { openScriptDatabase } from '../db/open';
import { createLogger } from '../lib/logger';
import { createApiKey, newKeyCommand, SCOPES } from './keys';

const USAGE = `usage: npm run api-key:create -- --name NAME --scopes ${SCOPES.slice(0, 2).join(',')} [--cidrs 203.0.113.0/24]`;

/**
 * Creates an API key from the shell (for scripts and tests) and prints it: the only time it is shown.
 * Joins the app's embedded database when the app is running on the same DATA_DIR.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { name: { type: 'string' }, scopes: { type: 'string' }, cidrs: { type: 'string' } },
  });
  const parsed = newKeyCommand.safeParse({
    name: values.name ?? '',
    scopes: (values.scopes ?? '').split(',').filter(Boolean),
    allowed_cidrs: (values.cidrs ?? '').split(',').filter(Boolean),
  });
  if (!parsed.success) throw new ConfigError(`${parsed.error.issues[0].message} (${SCOPES.join(', ')})\n${USAGE}`);
  const { db, close } = await openScriptDatabase(loadConfig(), createLogger('warn'), 1);
  try {
    console.log((await createApiKey(db, null, parsed.data)).key);
  } finally {
    await close();
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? `Error: ${e.message}` : e);
  process.exit(1);
});
