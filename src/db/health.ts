import type { Db } from './knex';
import { answers } from './knex';

/** How long a good answer stands for every health check that asks meanwhile. */
export const HEALTH_FRESH_MS = 1000;

interface Probe {
  okAt: number;
  running: Promise<boolean> | null;
}
const probes = new WeakMap<Db, Probe>();

/**
 * Whether the database answers, asked at most once a second however often load balancers poll: checks that
 * arrive while a probe runs share it, and a good answer stands for HEALTH_FRESH_MS. A failure is never kept, so
 * the next check asks again (one probe at a time) and recovery shows at once.
 */
export function databaseAnswers(db: Db, now = Date.now()): Promise<boolean> {
  let probe = probes.get(db);
  if (!probe) probes.set(db, (probe = { okAt: Number.NEGATIVE_INFINITY, running: null }));
  if (now - probe.okAt < HEALTH_FRESH_MS) return Promise.resolve(true);
  if (probe.running) return probe.running;
  const p = probe;
  p.running = answers(db).then((ok) => {
    p.running = null;
    if (ok) p.okAt = now;
    return ok;
  });
  return p.running;
}
