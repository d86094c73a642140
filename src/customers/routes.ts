import { del, get, patch, post } from '../http/route';
import * as blocks from './handlers/blocks';
import * as calls from './handlers/calls';
import * as customers from './handlers/customers';
import * as fields from './handlers/custom-fields';
import * as definitions from './handlers/definitions';
import * as files from './handlers/files';
import * as mentions from './handlers/mentions';
import * as merges from './handlers/merges';
import * as notes from './handlers/notes';
import * as profile from './handlers/profile';
import * as search from './handlers/search';
import * as segments from './handlers/segments';
import * as tags from './handlers/tags';

export const customerRoutes = [
  get('/customers', 'customers:view', search.search),
  get('/mentions', 'dashboard:view', mentions.list),
  post('/mentions/:id/read', 'dashboard:view', mentions.markRead),
  post('/segments', 'segments:save', segments.create),
  get('/segments/:id', 'customers:view', segments.open),
  patch('/segments/:id', 'segments:save', segments.rename),
  del('/segments/:id', 'segments:save', segments.destroy),
  get('/customers/new', 'customers:create', customers.newForm),
  post('/customers', 'customers:create', customers.create),
  get('/customers/:id', 'customers:view', profile.show),
  del('/customers/:id', 'customers:delete', customers.destroy),
  get('/customers/:id/orders', 'customers:view', profile.tab('orders')),
  get('/customers/:id/subscriptions', 'customers:view', profile.tab('subscriptions')),
  get('/customers/:id/custom-fields', 'customers:view', profile.tab('custom-fields')),
  get('/customers/:id/memberships', 'customers:view', profile.tab('memberships')),
  get('/customers/:id/files', 'customers:view', profile.tab('files')),
  post('/customers/:id/files', 'files:manage', files.receiveFile, files.addFile),
  get('/files/:id', 'customers:view', files.downloadFile),
  get('/customers/:id/history', 'customers:view', profile.history),
  get('/customers/:id/transactions', 'customers:view', profile.olderRows('transactions')),
  get('/customers/:id/fulfillments', 'customers:view', profile.olderRows('fulfillments')),
  post('/customers/:id/notes', 'notes:create', notes.receiveNoteFile, notes.addNote),
  post('/customers/:id/calls', 'calls:log', calls.addCall),
  post('/customers/:id/tags', 'customers:edit', tags.addTag),
  del('/customers/:id/tags/:tag', 'customers:edit', tags.removeTag),
  get('/customers/:id/merges/new', 'customers:merge', merges.mergeForm),
  post('/customers/:id/merges', 'customers:merge', merges.mergeInto),
  patch('/customers/:id/custom-fields', 'customers:edit', fields.saveFields),
  post('/customers/:id/memberships', 'customers:edit', fields.addToClub),
  del('/customers/:id/memberships/:membershipId', 'customers:edit', fields.removeFromClub),
  get('/admin/custom-fields', 'custom_fields:manage', definitions.index),
  post('/admin/custom-fields', 'custom_fields:manage', definitions.addField),
  post('/admin/clubs', 'clubs:manage', definitions.createClub),
  patch('/admin/custom-fields/:id', 'custom_fields:manage', definitions.rename('field')),
  post('/admin/custom-fields/:id/retirement', 'custom_fields:manage', definitions.retire('field')),
  del('/admin/custom-fields/:id', 'custom_fields:manage', definitions.remove('field')),
  patch('/admin/clubs/:id', 'clubs:manage', definitions.rename('club')),
  post('/admin/clubs/:id/retirement', 'clubs:manage', definitions.retire('club')),
  del('/admin/clubs/:id', 'clubs:manage', definitions.remove('club')),
  get('/customers/:id/:block/edit', 'customers:edit', blocks.editBlock),
  patch('/customers/:id/:block', 'customers:edit', blocks.updateBlock),
  get('/customers/:id/:block', 'customers:view', blocks.showBlock),
];
