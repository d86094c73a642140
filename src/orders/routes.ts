import { get } from '../http/route';
import * as h from './handlers';

export const orderRoutes = [get('/orders/:orderId', 'orders:view', h.show)];
