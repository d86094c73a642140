import { get } from '../http/route';
import * as h from './handlers';

export const emailRoutes = [get('/admin/mailbox', 'mailbox:view', h.showMailbox)];
