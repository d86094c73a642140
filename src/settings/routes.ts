import { del, get, patch, post } from '../http/route';
import * as cs from './customer-service-handlers';
import * as h from './handlers';

export const settingsRoutes = [
  get('/admin/settings', 'settings:manage', h.show),
  patch('/admin/settings', 'settings:manage', h.update),
  patch('/admin/settings/customer-service', 'settings:manage', cs.update),
  post('/admin/notify-emails', 'settings:manage', h.addNotifyEmail),
  del('/admin/notify-emails/:id', 'settings:manage', h.removeNotifyEmail),
];
