import fs from 'node:fs';
import path from 'node:path';
import { createDb, migrateLatest } from '../../src/db/knex';
import { startEmbedded } from '../../src/db/embedded';
import { seedDemo } from '../../seeds/demo';
import { TEST_ROOT, URL_FILE, TEMPLATE, DEMO_TEMPLATE } from './paths';
import { startStripeMock } from './stripe-mock';

/**
 * One embedded PostgreSQL for the whole run (jest loads the ESM-only package only here). Two
 * template databases are built once: migrated and empty, and migrated with the demo data. Each test
 * file then gets its own copy (CREATE DATABASE … TEMPLATE), so files run in parallel in isolation.
 */
export default async function globalSetup(): Promise<void> {
  fs.mkdirSync(TEST_ROOT, { recursive: true });
  fs.chmodSync(TEST_ROOT, 0o755);
  const pg = await startEmbedded({
    dir: path.join(TEST_ROOT, 'pg'),
    database: 'postgres',
    flags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
  });
  (globalThis as { __pg?: unknown }).__pg = pg;
  (globalThis as { __stripe?: unknown }).__stripe = await startStripeMock();
  const admin = createDb(pg.url, { max: 1 });
  try {
    for (const name of [TEMPLATE, DEMO_TEMPLATE]) {
      await admin.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.raw(`CREATE DATABASE "${name}"`);
      const db = createDb(pg.url.replace(/\/postgres$/, `/${name}`), { max: 2 });
      await migrateLatest(db);
      if (name === DEMO_TEMPLATE) await seedDemo(db, new Date(), 'UTC');
      await db.destroy();
    }
  } finally {
    await admin.destroy();
  }
  fs.writeFileSync(URL_FILE, pg.url);
}
