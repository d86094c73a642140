import { get } from '../http/route';
import * as h from './handlers';

export const reportRoutes = [get('/reports/customer-service', 'reports:view', h.customerService)];
