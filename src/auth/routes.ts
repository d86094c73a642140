import { loginRateLimit } from '../http/security';
import { del, get, patch, post } from '../http/route';
import * as users from './users-handlers';
import * as h from './handlers';

export const authRoutes = [
  get('/login', 'public', h.showLogin),
  post('/login', 'public', ...loginRateLimit(), h.login),
  post('/logout', 'account:manage', h.logout),
  get('/account/password', 'account:manage', h.showPasswordForm),
  post('/account/password', 'account:manage', h.changePassword),
  get('/admin/users', 'users:manage', users.index),
  post('/admin/users', 'users:manage', users.create),
  patch('/admin/users/:id', 'users:manage', users.update),
  del('/admin/users/:id', 'users:manage', users.destroy),
];
