import type { Request, Response } from 'express';
import { changeFulfillment } from '../../fulfillments/service';
import { found, idFrom, parse, principal, succeeded } from '../http';
import { fulfillmentJson } from '../present';
import { fulfillments } from '../queries';
import { FulfillmentPatch } from '../schemas/requests';

/** The status a fulfillment house reports → the fulfillment action the page's buttons take. */
const ACTION = { shipped: 'ship', delivered: 'deliver', returned: 'return' } as const;

export async function update(req: Request, res: Response) {
  const body = parse(FulfillmentPatch, req.body);
  const id = idFrom(req, 'That fulfillment');
  const tracking = body.status === 'shipped' ? { carrier: body.carrier, number: body.tracking_number } : undefined;
  succeeded(
    await changeFulfillment(req.deps.db, principal(res), id, ACTION[body.status], req.deps.clock.now(), tracking),
  );
  res.json(fulfillmentJson(found(await fulfillments(req.deps.db).where('f.id', id).first(), 'That fulfillment')));
}
