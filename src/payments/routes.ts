import { del, get, post } from '../http/route';
import * as h from './handlers';

export const paymentRoutes = [
  post('/transactions/refunds', 'transactions:refund', h.bulkRefund),
  post('/transactions/:id/refunds', 'transactions:refund', h.refund),
  post('/transactions/:id/voids', 'transactions:void', h.voidSale),
  post('/transactions/:id/emails/refund', 'emails:resend', h.resendEmail),
  get('/refund-queue', 'refund_queue:view', h.showQueue),
  post('/refund-queue/runs', 'refund_queue:run', h.runQueueNow),
  post('/refund-queue/:id/retries', 'refund_queue:run', h.retryNow),
  del('/refund-queue/:id', 'refund_queue:drop', h.dropFromQueue),
  get('/admin/test-cards', 'test_cards:view', h.testCards),
];
