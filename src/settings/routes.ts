import { get, patch } from '../http/route';
import * as h from './handlers';

export const settingsRoutes = [get('/admin/settings', 'settings:manage', h.show), patch('/admin/settings', 'settings:manage', h.update)];
