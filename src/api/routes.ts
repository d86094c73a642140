import type { RequestHandler } from 'express';
import type { Method } from '../http/types';
import * as customers from './handlers/customers';
import * as fulfillments from './handlers/fulfillments';
import * as orders from './handlers/orders';
import * as purchases from './handlers/purchases';
import * as transactions from './handlers/transactions';
import type { Scope } from './keys';

/** One line of the API's table: the scope a key needs; `money`: an Idempotency-Key is required. */
export interface ApiRoute {
  method: Method;
  path: string;
  scope: Scope;
  handler: RequestHandler;
  money: boolean;
}

const make =
  (method: Method, money = false) =>
  (path: string, scope: Scope, handler: RequestHandler): ApiRoute => ({ method, path, scope, handler, money });
const get = make('get');
const post = make('post');
const charge = make('post', true);
const patch = make('patch');

/** Everything under /api/v1, one line a route (kept out of the page table: no session, no CSRF). */
export const apiRoutes: ApiRoute[] = [
  post('/customers', 'customers:write', customers.create),
  get('/customers', 'customers:read', customers.list),
  get('/customers/:id', 'customers:read', customers.get),
  patch('/customers/:id', 'customers:write', customers.update),
  charge('/orders', 'orders:write', orders.create),
  get('/orders/:id', 'orders:read', orders.get),
  charge('/orders/:id/upsells', 'orders:write', orders.upsell),
  get('/transactions', 'transactions:read', transactions.list),
  charge('/transactions/:id/refunds', 'transactions:refund', transactions.refund),
  charge('/transactions/:id/voids', 'transactions:void', transactions.voidSale),
  patch('/fulfillments/:id', 'fulfillments:write', fulfillments.update),
  get('/purchases/:id', 'purchases:read', purchases.get),
  post('/purchases/:id/cancellation', 'purchases:write', purchases.cancel),
];
