import type { Request, Response } from 'express';
import { fieldErrors } from '../../http/forms';
import { idParam } from '../../http/params';
import * as segments from '../segments';

const segmentId = (req: Request) => idParam(req, 'That segment');

/** What the segments region needs besides its messages: the list and who may change which. */
export async function segmentLocals(req: Request) {
  const list = await segments.segmentsFor(req.deps.db, req.user!);
  const mayChange = (s: segments.Segment) => segments.mayChange(req.user!, s);
  return { segments: list, mayChange, searchUrl: segments.searchUrl };
}

/** The segments region beside the search, with the agent's typed values and messages when refused. */
async function renderRegion(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
  const locals = { ...(await segmentLocals(req)), errors: {}, values: {}, ...extra };
  return res.status(status).render('segments/_list', locals);
}

/** GET /segments/:id: the shareable address of a segment opens the search with its filters. */
export async function open(req: Request, res: Response) {
  const segment = await segments.visibleSegment(req.deps.db, req.user!, segmentId(req));
  return res.redirect(segments.searchUrl(segment.filters));
}

/** POST /segments: the name and "shared" from the form, the filters from the search form beside it. */
export async function create(req: Request, res: Response) {
  const parsed = segments.newSegment.safeParse(req.body);
  if (!parsed.success) return renderRegion(req, res, 422, { errors: fieldErrors(parsed.error), values: req.body });
  const result = await segments.saveSegment(req.deps.db, req.user!, parsed.data, req.body);
  if (!result.ok) return renderRegion(req, res, 422, { errors: { _: result.message }, values: req.body });
  return renderRegion(req, res, 201);
}

/** PATCH /segments/:id: rename (owner or admin). */
export async function rename(req: Request, res: Response) {
  const id = segmentId(req);
  const parsed = segments.segmentName.safeParse(req.body);
  if (!parsed.success)
    return renderRegion(req, res, 422, { editing: id, errors: fieldErrors(parsed.error), values: req.body });
  const result = await segments.changeSegment(req.deps.db, req.user!, id, parsed.data.segment_name);
  return renderRegion(req, res, result.ok ? 200 : 403, result.ok ? {} : { errors: { _: result.message } });
}

/** DELETE /segments/:id (owner or admin). */
export async function destroy(req: Request, res: Response) {
  const result = await segments.changeSegment(req.deps.db, req.user!, segmentId(req), null);
  return renderRegion(req, res, result.ok ? 200 : 403, result.ok ? {} : { errors: { _: result.message } });
}
