import crypto from 'node:crypto';
import fs from 'node:fs';
import { createDb, type Db } from '../../src/db/knex';
import { DEMO_TEMPLATE, TEMPLATE, URL_FILE } from './paths';

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file: a copy of the migrated template, with or without demo data. */
export async function createTestDatabase(options: { demo?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = fs.readFileSync(URL_FILE, 'utf8');
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = createDb(serverUrl, { max: 1 });
  await admin.raw(`CREATE DATABASE "${name}" TEMPLATE "${options.demo ? DEMO_TEMPLATE : TEMPLATE}"`);
  const url = serverUrl.replace(/\/postgres$/, `/${name}`);
  const db = createDb(url, { max: 20 });
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
