import { del, get, patch } from '../http/route';
import * as h from './handlers';
import * as t from './template-handlers';

export const emailRoutes = [
  get('/admin/mailbox', 'mailbox:view', h.showMailbox),
  get('/admin/email-templates', 'email_templates:manage', t.index),
  get('/admin/email-templates/:key', 'email_templates:manage', t.show),
  get('/admin/email-templates/:key/preview', 'email_templates:manage', t.preview),
  patch('/admin/email-templates/:key', 'email_templates:manage', t.save),
  del('/admin/email-templates/:key', 'email_templates:manage', t.reset),
];
