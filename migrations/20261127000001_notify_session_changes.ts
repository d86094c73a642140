import type { Knex } from 'knex';

// Each container keeps the sessions it has read (src/auth/session-cache.ts) and forgets one the moment it
// hears that the session row or its user row changed: a logout, a disabled user, a new role. TRUNCATE
// (tests, a manual reset) says "forget everything". The payload is 's:<sid>', 'u:<user id>' or '*'.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('session_changes', '*');
      ELSIF TG_TABLE_NAME = 'sessions' THEN
        PERFORM pg_notify('session_changes', 's:' || OLD.sid);
      ELSE
        PERFORM pg_notify('session_changes', 'u:' || OLD.id);
      END IF;
      RETURN NULL;
    END $$`);
  for (const table of ['sessions', 'users']) {
    await knex.raw(
      `CREATE TRIGGER ${table}_changed AFTER UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION notify_session_change()`,
    );
    await knex.raw(
      `CREATE TRIGGER ${table}_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_session_change()`,
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['sessions', 'users']) {
    await knex.raw(`DROP TRIGGER ${table}_changed ON ${table}`);
    await knex.raw(`DROP TRIGGER ${table}_truncated ON ${table}`);
  }
  await knex.raw('DROP FUNCTION notify_session_change()');
}
