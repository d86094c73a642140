import fs from 'node:fs';
import { createDb, migrateLatest } from '../../../src/db/knex';
import { URL_FILE } from '../../support/paths';

describe('migrations', () => {
  const serverUrl = () => fs.readFileSync(URL_FILE, 'utf8');
  const name = `t_migrate_${process.pid}`;

  it('run up from an empty database, record names without extension, and a second run does nothing', async () => {
    const admin = createDb(serverUrl(), { max: 1 });
    await admin.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.raw(`CREATE DATABASE "${name}"`);
    const db = createDb(serverUrl().replace(/\/postgres$/, `/${name}`));
    try {
      const ran = await migrateLatest(db);
      expect(ran.length).toBeGreaterThanOrEqual(7);
      expect(ran.every((n) => !/\.(ts|js)$/.test(n))).toBe(true);
      expect(await migrateLatest(db)).toEqual([]);

      const tables = await db('pg_tables').where({ schemaname: 'public' }).pluck('tablename');
      for (const t of [
        'users',
        'sessions',
        'customers',
        'payment_instruments',
        'products',
        'product_options',
        'orders',
        'order_items',
        'purchases',
        'transactions',
        'fulfillments',
        'fulfillment_items',
        'history_entries',
        'files',
        'events',
        'blocklist_entries',
        'settings',
        'notify_emails',
        'refund_queue',
        'email_outbox',
        'saved_segments',
        'customer_custom_fields',
        'customer_memberships',
      ]) {
        expect(tables).toContain(t);
      }
      const [settings] = await db('settings').select('*');
      expect(settings).toMatchObject({ auto_cancel_on_refund: false, rebill_time: '06:00' });
    } finally {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.destroy();
    }
  });
});
