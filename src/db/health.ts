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
  const probe = probes.get(db) ?? { okAt: Number.NEGATIVE_INFINITY, running: null };
  probes.set(db, probe);
  if (now - probe.okAt < HEALTH_FRESH_MS) return Promise.resolve(true);
  if (probe.running !== null) return probe.running;
  const running = answers(db).then((ok) => {
    probe.running = null;
    if (ok) probe.okAt = now;
    return ok;
  });
  probe.running = running;
  return running;
}
