import { loadConfig } from '../config';
import { createDb } from '../db/knex';
import { openScriptDatabase } from '../db/open';
import { systemClock } from '../lib/clock';
import { createLogger } from '../lib/logger';
import { runRefundQueue } from '../payments/refund-queue';
import { TestGateway } from '../payments/test-gateway';

/** npm run job:refund-queue — one run of the refund queue from the shell (due items only). */
async function main() {
  const config = loadConfig();
  const { db, url, close } = await openScriptDatabase(config, createLogger('warn'));
  const gatewayDb = createDb(url, { max: 4 });
  try {
    const run = await runRefundQueue({ db, clock: systemClock, config, gateway: new TestGateway(gatewayDb, config.testGatewayLatencyMs) });
    console.log(JSON.stringify({ job: 'refund-queue', ...run }));
  } finally {
    await gatewayDb.destroy();
    await close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
