import { get } from '../http/route';
import * as h from './handlers';

export const paymentRoutes = [get('/admin/test-cards', 'test_cards:view', h.testCards)];
