import type { Request, Response } from 'express';
import { idParam } from '../http/params';
import { NotFoundError } from '../lib/results';
import { z } from 'zod';
import { historyPage } from '../audit/queries';
import { fulfillmentsThrough } from '../customers/lists';
import { fulfillmentsOfOrder } from '../orders/queries';
import { fulfillmentById } from './queries';
import * as service from './service';

const change = z
  .object({
    action: z.enum(['ship', 'deliver', 'return', 'fail', 'hold', 'release']),
    carrier: z.string().trim().max(50).optional().default(''),
    tracking_number: z.string().trim().max(60).optional().default(''),
    scope: z.enum(['customer', 'order']).default('customer'),
  })
  .refine((v) => v.action !== 'ship' || v.tracking_number.length > 0, {
    path: ['tracking_number'],
    message: 'Enter the tracking number to mark it shipped.',
  });

/** The fulfillments list again (the profile's, or the order's), the message, and the history. */
async function respond(
  req: Request,
  res: Response,
  result: Awaited<ReturnType<typeof service.reshipFulfillment>> | { ok: false; message: string },
  scope: string,
) {
  const f = await fulfillmentById(req.deps.db, idParam(req, 'That fulfillment'));
  if (!f) throw new NotFoundError('That fulfillment');
  const list =
    scope === 'order'
      ? { rows: await fulfillmentsOfOrder(req.deps.db, f.order_id), more: false }
      : await fulfillmentsThrough(req.deps.db, f.customer_id, f.id);
  res.status(result.ok ? 200 : 422).render('fulfillments/_outcome', {
    fulfillments: list.rows,
    fulfillmentsMore: list.more,
    scope,
    message: { type: result.ok ? 'success' : 'error', text: result.message },
    ...(await historyPage(req.deps.db, f.customer_id)),
    customer: { id: f.customer_id },
  });
}

const scopeOf = (req: Request) => (req.body?.scope === 'order' ? 'order' : 'customer');

export async function cancel(req: Request, res: Response) {
  const result = await service.changeFulfillment(
    req.deps.db,
    req.user!,
    idParam(req, 'That fulfillment'),
    'cancel',
    req.deps.clock.now(),
  );
  return respond(req, res, result, scopeOf(req));
}

export async function reship(req: Request, res: Response) {
  const result = await service.reshipFulfillment(
    req.deps.db,
    req.user!,
    idParam(req, 'That fulfillment'),
    req.deps.clock.now(),
  );
  return respond(req, res, result, scopeOf(req));
}

export async function update(req: Request, res: Response) {
  const parsed = change.safeParse(req.body);
  if (!parsed.success) return respond(req, res, { ok: false, message: parsed.error.issues[0].message }, scopeOf(req));
  const { action, carrier, tracking_number } = parsed.data;
  const result = await service.changeFulfillment(
    req.deps.db,
    req.user!,
    idParam(req, 'That fulfillment'),
    action,
    req.deps.clock.now(),
    { carrier: carrier || 'USPS', number: tracking_number },
  );
  return respond(req, res, result, parsed.data.scope);
}
