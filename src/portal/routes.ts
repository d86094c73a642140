import type { RequestHandler } from 'express';
import { del, get, post } from '../http/route';
import * as agent from './handlers/agent';
import * as actions from './handlers/actions';
import * as cancelPage from './handlers/cancel-page';
import * as documents from './handlers/documents';
import * as kyc from './handlers/kyc';
import * as pages from './handlers/pages';
import { cancelLookups, portalActions, portalLookups } from './limits';
import { portalErrors } from './render';

// 'portal': no login; the token is checked on every request (withLink), refused lookups are rate limited,
// actions are rate limited per link, and every answer, refusals included, uses the portal's own layout.
// One counter each for the whole table, so a scan cannot spread its guesses over the routes.
const lookups = portalLookups();
const actionLimit = portalActions();
const page = (h: RequestHandler) => [lookups, pages.withLink(true), h, portalErrors];
const act = (...h: RequestHandler[]) => [lookups, actionLimit, pages.withLink(false), ...h, portalErrors];

export const portalRoutes = [
  get('/customers/:id/portal-links', 'customers:view', agent.list),
  post('/customers/:id/portal-links', 'customers:edit', agent.create),
  del('/customers/:id/portal-links/:linkId', 'customers:edit', agent.revoke),
  get('/customers/:id/kyc', 'customers:view', kyc.list),
  post('/customers/:id/kyc', 'customers:edit', kyc.request),
  post('/customers/:id/kyc/:docId/review', 'customers:edit', kyc.review),
  get('/portal/:token', 'portal', ...page(pages.show)),
  get('/portal/:token/receipts/:id', 'portal', ...page(pages.receipt)),
  get('/portal/:token/card', 'portal', ...page(pages.cardForm)),
  post('/portal/:token/card', 'portal', ...act(actions.saveCard)),
  get('/portal/:token/address', 'portal', ...page(pages.addressForm)),
  post('/portal/:token/address', 'portal', ...act(actions.saveAddresses)),
  get('/portal/:token/subscriptions/:id/cancellation', 'portal', ...page(pages.cancelled)),
  post('/portal/:token/subscriptions/:id/cancellation', 'portal', ...act(actions.cancel)),
  get('/portal/:token/documents', 'portal', ...page(documents.show)),
  post('/portal/:token/documents/:id', 'portal', ...act(documents.receive, documents.upload)),
  get('/cancel', 'public', cancelPage.form, portalErrors),
  post('/cancel', 'public', ...cancelLookups(), cancelPage.request, portalErrors),
];
