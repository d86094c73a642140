import type { Request, Response } from 'express';
import { flash } from '../http/flash';
import { fieldErrors } from '../http/forms';
import { redirectAfter } from '../http/htmx';
import { idParam, parseId } from '../http/params';
import { getSettings } from '../settings/service';
import { pendingReviews, QA_PAGE } from './queries';
import { HOLD_LABELS } from './rules';
import { approveReview, denyCommand, denyReview } from './service';

/** The page, with the errors of the one review whose deny form was refused (and what was chosen). */
async function render(
  req: Request,
  res: Response,
  status = 200,
  failed?: { id: number; errors: Record<string, string> },
) {
  const before = parseId(req.query.before) ?? undefined;
  const [rows, settings] = await Promise.all([pendingReviews(req.deps.db, before), getSettings(req.deps.db)]);
  const page = { reviews: rows.slice(0, QA_PAGE), more: rows.length > QA_PAGE, failed: failed ?? null };
  const locals = { ...page, reasons: settings.cancellation_reasons, HOLD_LABELS, values: req.body ?? {} };
  return res.page('qa/index', { title: 'QA queue', ...locals }, status);
}

/** GET /qa: orders waiting for a person, newest first. */
export const show = (req: Request, res: Response) => render(req, res);

/** POST /qa/:id/approvals: the order goes on; its parcels are released. */
export async function approve(req: Request, res: Response) {
  const result = await approveReview(req.deps, req.user!, idParam(req, 'That review'));
  if (!result.ok) return render(req, res, 409, { id: idParam(req, 'That review'), errors: { review: result.message } });
  flash(req, 'success', result.message);
  redirectAfter(req, res, '/qa');
}

/** POST /qa/:id/denials: the order is cancelled, its charges voided or refunded, with the reason chosen. */
export async function deny(req: Request, res: Response) {
  const id = idParam(req, 'That review');
  const parsed = denyCommand((await getSettings(req.deps.db)).cancellation_reasons).safeParse(req.body);
  if (!parsed.success) return render(req, res, 422, { id, errors: fieldErrors(parsed.error) });
  const { reason, idempotency_key: key } = parsed.data;
  const result = await denyReview(req.deps, req.user!, id, { reason, key });
  if (!result.ok) return render(req, res, 409, { id, errors: { review: result.message } });
  flash(req, 'success', result.message);
  for (const o of result.refunds)
    flash(req, o.result.ok ? 'success' : 'error', `Charge #${o.saleId}: ${o.result.message}`);
  redirectAfter(req, res, '/qa');
}
