import { post } from '../http/route';
import * as h from './handlers';

export const creditRoutes = [
  post('/customers/:id/credit-memos', 'credits:manage', h.giveCredit),
  post('/credit-memos/:id/void', 'credits:manage', h.voidCredit),
];
