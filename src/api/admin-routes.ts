import { get, post } from '../http/route';
import * as h from './admin-handlers';

/** The admin page for API keys: a session page, in the page route table (the API itself is not). */
export const apiKeyRoutes = [
  get('/admin/api-keys', 'api_keys:manage', h.index),
  post('/admin/api-keys', 'api_keys:manage', h.create),
  post('/admin/api-keys/:id/revocation', 'api_keys:manage', h.revoke),
];
