import { del, get, patch, post } from '../http/route';
import * as h from './handlers';
import * as m from './mode-handlers';
import * as recycle from './recycle-handlers';

export const purchaseRoutes = [
  get('/purchases/:id', 'customers:view', h.show),
  patch('/purchases/:id', 'purchases:manage', h.change),
  post('/purchases/:id/trial-restarts', 'purchases:manage', h.restartTrial),
  post('/purchases/:id/trial-skips', 'purchases:manage', h.skipTrial),
  post('/purchases/:id/trial-stops', 'purchases:manage', h.stopTrial),
  post('/purchases/:id/cancellation', 'purchases:manage', m.cancel),
  post('/purchases/:id/pause', 'purchases:manage', m.pause),
  del('/purchases/:id/schedule', 'purchases:manage', m.undo),
  del('/purchases/:id/pause', 'purchases:manage', h.resume),
  post('/purchases/:id/bills', 'purchases:manage', h.forceBill),
  get('/admin/recycle-profiles', 'recycle_profiles:manage', recycle.index),
  post('/admin/recycle-profiles', 'recycle_profiles:manage', recycle.save),
  patch('/admin/recycle-profiles/:id', 'recycle_profiles:manage', recycle.save),
  del('/admin/recycle-profiles/:id', 'recycle_profiles:manage', recycle.remove),
];
