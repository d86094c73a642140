import { patch, post } from '../http/route';
import * as h from './handlers';

export const fulfillmentRoutes = [
  post('/fulfillments/:id/cancellation', 'fulfillments:manage', h.cancel),
  post('/fulfillments/:id/reships', 'fulfillments:manage', h.reship),
  patch('/fulfillments/:id', 'fulfillments:manage', h.update),
];
