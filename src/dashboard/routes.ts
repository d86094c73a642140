import { get } from '../http/route';
import * as h from './handlers';

export const dashboardRoutes = [get('/', 'dashboard:view', h.show), get('/healthz', 'public', h.health)];
