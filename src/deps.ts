import type { Config } from './config';
import type { Db } from './db/knex';
import type { Clock } from './lib/clock';
import type { Logger } from './lib/logger';
import type { Gateway } from './payments/gateway';

/** What request handlers and jobs are given; tests build their own with a moved clock. */
export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  gateway: Gateway;
}
