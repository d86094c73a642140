import { loadConfig } from '../config';
import { openScriptDatabase } from '../db/open';
import { createGateway, type Deps } from '../deps';
import { systemClock } from '../lib/clock';
import { createLogger } from '../lib/logger';
import { reconcile } from '../payments/reconciler';
import { runRefundQueue } from '../payments/refund-queue';
import { runRebills } from '../subscriptions/rebill';
import { CHARGE_PURPOSES } from './charge-purposes';

const JOBS: Record<string, (deps: Deps) => Promise<object>> = {
  'refund-queue': (deps) => runRefundQueue(deps),
  rebill: (deps) => runRebills(deps, { ignoreTime: true }),
  reconcile: (deps) => reconcile(deps, CHARGE_PURPOSES),
};

/** npm run job:refund-queue / job:rebill / job:reconcile — one run of a daily job from the shell (due work only). */
async function main() {
  const name = process.argv[2];
  const job = JOBS[name];
  if (!job) throw new Error(`usage: run-job-cli ${Object.keys(JOBS).join('|')}`);
  const config = loadConfig();
  const { db, url, close } = await openScriptDatabase(config, createLogger('warn'));
  const chosen = createGateway(config, url);
  try {
    const result = await job({
      db,
      clock: systemClock,
      config,
      logger: createLogger('warn'),
      gateway: chosen.gateway,
    });
    console.log(JSON.stringify({ job: name, ...result }));
  } finally {
    await chosen.close();
    await close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
