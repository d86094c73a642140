/**
 * npm run bench:events — the event log page at millions of events: p50/p95 of one page (50 rows) for
 * each filter and a deep page. Adds BENCH_EVENTS (2,000,000) events to the configured database first
 * when it holds fewer. Ends with one JSON line.
 */
import { eventPage, type EventFilters } from '../../src/audit/queries';
import { loadConfig } from '../../src/config';
import { openScriptDatabase } from '../../src/db/open';
import { createLogger } from '../../src/lib/logger';

const TARGET = Number(process.env.BENCH_EVENTS ?? 2_000_000);

async function main() {
  const { db, close } = await openScriptDatabase(loadConfig(), createLogger('warn'), 2);
  try {
    const [{ n }] = await db('events').count({ n: '*' });
    if (Number(n) < TARGET) {
      const t0 = Date.now();
      const maxCustomer = Number((await db('customers').max({ m: 'id' }).first())?.m ?? 1);
      const users: number[] = await db('users').pluck('id');
      await db.raw(
        `INSERT INTO events (occurred_at, actor_kind, actor_user_id, actor_name, kind, customer_id, subject_type, subject_id, summary, before, after)
         SELECT now() - (g % 365) * interval '1 day' - (g % 86400) * interval '1 second', 'user', (?::bigint[])[1 + g % ?], 'Bench user',
                (ARRAY['customer.edited','transaction.refund','transaction.void','order.cancelled','customer.note_added','email.resent','purchase.billed'])[1 + g % 7],
                1 + (g::bigint * 7919) % ?, 'customer', (1 + (g::bigint * 7919) % ?)::text, 'bench event ' || g, '{"phone":"1"}', '{"phone":"2"}'
           FROM generate_series(1, ?) g`,
        [users.length ? users : [1], Math.max(users.length, 1), maxCustomer, maxCustomer, TARGET - Number(n)],
      );
      await db.raw('ANALYZE events');
      console.log(
        `added ${(TARGET - Number(n)).toLocaleString('en-US')} events in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    const [{ total }] = await db('events').count({ total: '*' });
    const mid = Number((await db('events').max({ m: 'id' }).first())?.m ?? 0) / 2;
    const sampleUser = Number(
      (await db('events').whereNotNull('actor_user_id').first('actor_user_id'))?.actor_user_id ?? 1,
    );
    const day = new Date(Date.now() - 100 * 86_400_000).toISOString().slice(0, 10);
    const cases: Record<string, () => EventFilters> = {
      newest: () => ({}),
      by_user: () => ({ user: sampleUser }),
      by_customer: () => ({ customer: 1 + Math.floor(Math.random() * 1000) }),
      by_kind: () => ({ kind: 'transaction.void' }),
      date_range: () => ({ from: day, to: day }),
      deep_page: () => ({ before: Math.floor(mid) }),
    };
    const p95: Record<string, number> = {};
    const p50: Record<string, number> = {};
    for (const [name, filters] of Object.entries(cases)) {
      const times: number[] = [];
      for (let i = 0; i < 60; i++) {
        const t0 = performance.now();
        await eventPage(db, filters(), 'UTC');
        if (i >= 10) times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      p50[name] = Math.round(times[Math.floor(times.length / 2)] * 10) / 10;
      p95[name] = Math.round(times[Math.floor(times.length * 0.95)] * 10) / 10;
      console.log(`${name.padEnd(12)} p50 ${p50[name]} ms  p95 ${p95[name]} ms`);
    }
    console.log(JSON.stringify({ bench: 'events', events: Number(total), p50_ms: p50, p95_ms: p95 }));
  } finally {
    await close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
