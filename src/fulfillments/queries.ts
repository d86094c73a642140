import type { Db } from '../db/knex';

export const fulfillmentById = (db: Db, id: number) => db('fulfillments').where({ id }).first();
