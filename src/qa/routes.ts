import { get, post } from '../http/route';
import * as h from './handlers';

export const qaRoutes = [
  get('/qa', 'qa:review', h.show),
  post('/qa/:id/approvals', 'qa:review', h.approve),
  post('/qa/:id/denials', 'qa:review', h.deny),
];
