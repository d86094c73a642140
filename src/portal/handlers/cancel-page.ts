import type { Request, Response } from 'express';
import { fieldErrors } from '../../http/forms';
import { cancelRequest } from '../commands';
import { portalPage } from '../render';
import { CANCEL_LINK_DAYS, requestCancelLink } from '../self-service';

const locals = (extra: Record<string, unknown> = {}) => ({
  title: 'Cancel a subscription',
  values: {},
  errors: {},
  sent: false,
  days: CANCEL_LINK_DAYS,
  ...extra,
});

/** GET /cancel: email and order id, nothing else. */
export const form = (_req: Request, res: Response) => portalPage(res, 'portal/cancel-request', locals());

/** POST /cancel: the same answer whether or not the details matched (the lookup reveals nothing). */
export async function request(req: Request, res: Response) {
  const parsed = cancelRequest.safeParse(req.body);
  if (!parsed.success)
    return portalPage(
      res,
      'portal/cancel-request',
      locals({ values: req.body, errors: fieldErrors(parsed.error) }),
      422,
    );
  await requestCancelLink(req.deps, parsed.data.email, parsed.data.order_id);
  return portalPage(res, 'portal/cancel-request', locals({ sent: true }));
}
