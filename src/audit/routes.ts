import { get } from '../http/route';
import * as h from './handlers';

export const auditRoutes = [get('/admin/events', 'events:view', h.index)];
