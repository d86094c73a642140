import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { openScriptDatabase } from '../src/db/open';
import { createLogger } from '../src/lib/logger';
import { seedBulk } from './bulk';

/** npm run seed:bulk -- --customers 1000000   (on DATABASE_URL, or the embedded database in DATA_DIR; 0: only the busy customer) */
async function main() {
  const { values } = parseArgs({ options: { customers: { type: 'string', default: '10000' } } });
  const n = Number(values.customers);
  if (!Number.isInteger(n) || n < 0) throw new Error('--customers must be a whole number (0: only the busy customer)');
  const { db, close } = await openScriptDatabase(loadConfig(), createLogger('warn'), 2);
  try {
    await seedBulk(db, n, (line) => console.log(line));
  } finally {
    await close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
