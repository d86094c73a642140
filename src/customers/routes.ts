import { del, get, patch, post } from '../http/route';
import * as h from './handlers';

export const customerRoutes = [
  get('/customers', 'customers:view', h.search),
  get('/customers/new', 'customers:create', h.newForm),
  post('/customers', 'customers:create', h.create),
  get('/customers/:id', 'customers:view', h.show),
  del('/customers/:id', 'customers:delete', h.destroy),
  get('/customers/:id/orders', 'customers:view', h.tab('orders')),
  get('/customers/:id/subscriptions', 'customers:view', h.tab('subscriptions')),
  get('/customers/:id/custom-fields', 'customers:view', h.tab('custom-fields')),
  get('/customers/:id/memberships', 'customers:view', h.tab('memberships')),
  get('/customers/:id/files', 'customers:view', h.tab('files')),
  post('/customers/:id/files', 'files:manage', h.receiveFile, h.addFile),
  get('/files/:id', 'customers:view', h.downloadFile),
  get('/customers/:id/history', 'customers:view', h.history),
  post('/customers/:id/notes', 'notes:create', h.addNote),
  post('/customers/:id/tags', 'customers:edit', h.addTag),
  del('/customers/:id/tags/:tag', 'customers:edit', h.removeTag),
  get('/customers/:id/merges/new', 'customers:merge', h.mergeForm),
  post('/customers/:id/merges', 'customers:merge', h.mergeInto),
  get('/customers/:id/:block/edit', 'customers:edit', h.editBlock),
  patch('/customers/:id/:block', 'customers:edit', h.updateBlock),
  get('/customers/:id/:block', 'customers:view', h.showBlock),
];
