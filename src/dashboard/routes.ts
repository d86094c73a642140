import { get } from '../http/route';
import * as h from './handlers';

/** Answered before the security headers, request log, session and page middleware (app.ts mounts it first): a load
 * balancer asks every few seconds and needs none of them. */
export const healthRoute = get('/healthz', 'public', h.health);

export const dashboardRoutes = [get('/', 'dashboard:view', h.show), healthRoute];
