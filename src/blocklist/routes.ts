import { del, get, post } from '../http/route';
import * as h from './handlers';

export const blocklistRoutes = [
  get('/admin/blocklist', 'blocklist:manage', h.index),
  post('/admin/blocklist', 'blocklist:manage', h.add),
  del('/admin/blocklist/:id', 'blocklist:manage', h.lift),
  post('/admin/blocklist/imports', 'blocklist:manage', h.receiveCsv, h.importCsv),
  post('/customers/:id/blacklisting', 'blocklist:manage', h.blacklistCustomer),
  del('/customers/:id/blacklisting', 'blocklist:manage', h.liftCustomer),
];
