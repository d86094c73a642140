import { get, post, put } from '../http/route';
import * as h from './handlers';

export const webhookRoutes = [
  get('/admin/webhooks', 'webhooks:manage', h.index),
  post('/admin/webhooks', 'webhooks:manage', h.create),
  get('/admin/webhooks/:id', 'webhooks:manage', h.show),
  put('/admin/webhooks/:id', 'webhooks:manage', h.update),
  post('/admin/webhooks/:id/deliveries/:deliveryId/redelivery', 'webhooks:manage', h.redeliver),
];
