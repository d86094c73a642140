import type { Config } from './config';
import { createDb, type Db } from './db/knex';
import type { Clock } from './lib/clock';
import type { Logger } from './lib/logger';
import type { Gateway } from './payments/gateway';
import { TestGateway } from './payments/gateways/test-gateway';

/** What request handlers and jobs are given; tests build their own with a moved clock. */
export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  gateway: Gateway;
}

/**
 * The gateway `GATEWAY` names. The test gateway keeps its books through its own pool: like a real
 * gateway it is another system, and a refund holding its row lock must never wait for a connection
 * the gateway needs. `close` ends that pool. The Stripe library is loaded only when it is used (it
 * adds most of a second to every start).
 */
export function createGateway(config: Config, databaseUrl: string): { gateway: Gateway; close(): Promise<void> } {
  if (config.stripe) {
    const { StripeGateway }: typeof import('./payments/gateways/stripe.js') = require('./payments/gateways/stripe');
    return { gateway: new StripeGateway(config.stripe), close: async () => {} };
  }
  const gatewayDb = createDb(databaseUrl, { max: 5 });
  return { gateway: new TestGateway(gatewayDb, config.testGatewayLatencyMs), close: () => gatewayDb.destroy() };
}
