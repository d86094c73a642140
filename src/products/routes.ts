import { get, patch, post } from '../http/route';
import * as h from './handlers';

export const productRoutes = [
  get('/admin/products', 'products:manage', h.index),
  post('/admin/products', 'products:manage', h.create),
  patch('/admin/products/:id', 'products:manage', h.update),
  post('/admin/products/:id/options', 'products:manage', h.addOption),
];
