import type { Request, Response } from 'express';
import { flash } from '../http/flash';
import { fieldErrors } from '../http/forms';
import { isHtmx, redirectAfter } from '../http/htmx';
import { idParam } from '../http/params';
import { WEBHOOK_EVENTS } from './events';
import * as service from './service';

const NEW = { url: '', events: [] as string[], enabled: true };

/** A form sent by htmx gets its own fragment back with the messages; a plain post the whole page. */
function formAgain(req: Request, res: Response, fragment: string, locals: object): boolean {
  if (!isHtmx(req)) return false;
  res.status(422).render(fragment, { EVENTS: WEBHOOK_EVENTS, ...locals });
  return true;
}

async function renderIndex(req: Request, res: Response, values = NEW, errors = {}, status = 200) {
  if (status === 422 && formAgain(req, res, 'webhooks/_new', { values, errors })) return;
  const endpoints = await service.listEndpoints(req.deps.db);
  return res.page('webhooks/index', { title: 'Webhooks', endpoints, EVENTS: WEBHOOK_EVENTS, values, errors }, status);
}

async function renderShow(req: Request, res: Response, id: number, values?: object, errors = {}, status = 200) {
  const endpoint = await service.endpoint(req.deps, id);
  if (status === 422 && formAgain(req, res, 'webhooks/_edit', { endpoint, values, errors })) return;
  const deliveries = await service.recentDeliveries(req.deps.db, id);
  const locals = { endpoint, deliveries, EVENTS: WEBHOOK_EVENTS, values: values ?? endpoint, errors };
  return res.page('webhooks/show', { title: `Webhook ${endpoint.url}`, ...locals }, status);
}

const typed = (body: Record<string, unknown>) => ({ ...NEW, ...body, events: [body.events ?? []].flat().map(String) });

export const index = (req: Request, res: Response) => renderIndex(req, res);

export async function create(req: Request, res: Response) {
  const parsed = service.endpointCommand.safeParse({ ...req.body, enabled: '1' });
  if (!parsed.success) return renderIndex(req, res, typed(req.body), fieldErrors(parsed.error), 422);
  const result = await service.createEndpoint(req.deps, req.user!, parsed.data);
  if (!result.ok) return renderIndex(req, res, typed(req.body), result.fields, 422);
  flash(req, 'success', 'Endpoint added. Its signing secret is shown on this page.');
  redirectAfter(req, res, `/admin/webhooks/${result.id}`);
}

export const show = (req: Request, res: Response) => renderShow(req, res, idParam(req, 'That webhook endpoint'));

export async function update(req: Request, res: Response) {
  const id = idParam(req, 'That webhook endpoint');
  const parsed = service.endpointCommand.safeParse(req.body);
  if (!parsed.success) return renderShow(req, res, id, typed(req.body), fieldErrors(parsed.error), 422);
  const result = await service.updateEndpoint(req.deps, req.user!, id, parsed.data);
  if (!result.ok) return renderShow(req, res, id, typed(req.body), result.fields, 422);
  flash(req, 'success', parsed.data.enabled ? 'Endpoint saved.' : 'Endpoint saved and disabled.');
  redirectAfter(req, res, `/admin/webhooks/${id}`);
}

export async function redeliver(req: Request, res: Response) {
  const id = idParam(req, 'That webhook endpoint');
  const deliveryId = idParam(req, 'That delivery', 'deliveryId');
  const result = await service.redeliver(req.deps, req.user!, id, deliveryId);
  flash(req, result.ok ? 'success' : 'info', result.ok ? 'Queued: it is sent again within a minute.' : result.message);
  redirectAfter(req, res, `/admin/webhooks/${id}`);
}
