import { get, post } from '../http/route';
import * as h from './handlers';

export const orderRoutes = [
  get('/orders', 'orders:view', h.list),
  get('/orders/new', 'orders:create', h.newOrder),
  post('/orders', 'orders:create', h.createOrder),
  get('/orders/:orderId', 'orders:view', h.show),
  post('/orders/:orderId/cancellation', 'orders:cancel', h.cancel),
  post('/orders/:orderId/refunds', 'transactions:refund', h.refund),
  post('/orders/:orderId/items/:itemId/refunds', 'transactions:refund', h.refundItem),
  post('/orders/:orderId/emails/welcome', 'emails:resend', h.resendWelcome),
];
