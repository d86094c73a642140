import { loginRateLimit } from '../http/security';
import { get, post } from '../http/route';
import * as h from './handlers';

export const authRoutes = [
  get('/login', 'public', h.showLogin),
  post('/login', 'public', loginRateLimit(), h.login),
  post('/logout', 'account:manage', h.logout),
  get('/account/password', 'account:manage', h.showPasswordForm),
  post('/account/password', 'account:manage', h.changePassword),
];
