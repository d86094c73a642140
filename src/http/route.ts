import type { RequestHandler } from 'express';
import type { Access, Method, Route } from './types';

const make =
  (method: Method) =>
  (path: string, permission: Access, ...handlers: RequestHandler[]): Route => ({
    method,
    path,
    permission,
    handlers,
  });

/** Route-table builders: `get('/customers', 'customers:view', handlers.search)`. */
export const get = make('get');
export const post = make('post');
export const patch = make('patch');
export const put = make('put');
export const del = make('delete');
