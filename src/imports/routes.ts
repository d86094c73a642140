import { get, post } from '../http/route';
import * as h from './handlers';

export const importRoutes = [
  get('/admin/imports', 'imports:run', h.index),
  post('/admin/imports', 'imports:run', h.receiveCsv, h.check),
  get('/admin/imports/:id', 'imports:run', h.show),
  post('/admin/imports/:id/confirmation', 'imports:run', h.confirm),
];
