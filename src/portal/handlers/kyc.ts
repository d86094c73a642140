import type { Request, Response } from 'express';
import { customerById } from '../../customers/queries';
import { fieldErrors } from '../../http/forms';
import { idParam } from '../../http/params';
import { NotFoundError } from '../../lib/results';
import { documentsOf, requestDocuments, reviewDocument } from '../kyc';
import { KYC_KINDS, KYC_LABELS, kycRequest, kycReview } from '../kyc-rules';
import { linksRegion } from './agent';

async function region(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const customer = await customerById(req.deps.db, idParam(req, 'That customer'));
  if (!customer) throw new NotFoundError('That customer');
  return res.status(status).render('portal/_kyc', {
    customer,
    documents: await documentsOf(req.deps.db, customer.id),
    KYC_KINDS,
    KYC_LABELS,
    values: { email: '1' },
    errors: {},
    created: null,
    ...extra,
  });
}

/** GET /customers/:id/kyc: the profile's KYC region (loaded by the profile after it shows). */
export const list = (req: Request, res: Response) => region(req, res);

/** POST /customers/:id/kyc: ask for documents (again); a documents link goes with the message. */
export async function request(req: Request, res: Response) {
  const parsed = kycRequest.safeParse(req.body);
  if (!parsed.success) return region(req, res, { values: req.body, errors: fieldErrors(parsed.error) }, 422);
  const id = idParam(req, 'That customer');
  const created = await requestDocuments(req.deps, req.user!, id, parsed.data);
  // The documents link is a portal link too: the profile's links list shows it at once (out of band).
  return region(req, res, { created, linksOob: await linksRegion(req, id) }, 201);
}

/** POST /customers/:id/kyc/:docId/review: accept, or reject with the reason the customer will read. */
export async function review(req: Request, res: Response) {
  const docId = idParam(req, 'That document', 'docId');
  const parsed = kycReview.safeParse(req.body);
  if (!parsed.success)
    return region(req, res, { reviewing: docId, reviewValues: req.body, errors: fieldErrors(parsed.error) }, 422);
  const result = await reviewDocument(req.deps, req.user!, idParam(req, 'That customer'), docId, parsed.data);
  if (!result.ok)
    return region(req, res, { reviewing: docId, reviewValues: req.body, errors: { reason: result.message } }, 422);
  return region(req, res);
}
