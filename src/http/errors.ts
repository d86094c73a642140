import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { isHtmx } from './htmx';
import { HttpError, NotFoundError } from '../lib/results';

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError('That page'));

const SERVER_FAULT = 'Something went wrong on our side. Nothing was changed; try again.';

/**
 * Errors thrown by libraries (body-parser, multer, csrf-sync, pg), by their code, in our words. Their
 * own messages ("request entity too large", "Unexpected end of form") never reach a page.
 */
const KNOWN = new Map<string, [number, string]>([
  ['entity.too.large', [413, 'The form was too large to accept. Shorten the longest field and send it again.']],
  ['parameters.too.many', [413, 'The form has too many fields to accept.']],
  ['entity.parse.failed', [400, 'The request could not be read. Reload the page and send the form again.']],
  ['entity.verify.failed', [400, 'The request could not be read. Reload the page and send the form again.']],
  ['request.aborted', [400, 'The request was cut off before it arrived. Send it again.']],
  ['request.size.invalid', [400, 'The request could not be read. Reload the page and send the form again.']],
  ['charset.unsupported', [415, 'The form was sent in a character set we do not read; send it as UTF-8.']],
  ['encoding.unsupported', [415, 'The form was sent with an encoding we do not read; send it uncompressed.']],
  // PostgreSQL: a value our validation should have refused. A 4xx, and logged so the check is added.
  ['22P02', [422, 'A value in the form is not in a form we can store. Check it and try again.']],
  ['22003', [422, 'A number in the form is too large.']],
  ['22007', [422, 'A date in the form is not a real date.']],
  ['22008', [422, 'A date in the form is not a real date.']],
  ['22021', [400, 'The form contains a character that cannot be stored.']],
  ['23505', [409, 'That already exists. Reload the page to see it.']],
]);

const BY_STATUS = new Map<number, string>([
  [400, 'The request could not be read. Reload the page and try again.'],
  [403, 'You cannot do that here. Reload the page and try again.'],
  [404, 'That page was not found.'],
  [405, 'That cannot be done here.'],
  [413, 'The request was too large to accept.'],
  [415, 'The request was sent in a format we do not read.'],
]);

/** Status and sentence for anything thrown; library wording is replaced, a 500 says nothing of the cause. */
export function answerFor(err: unknown): { status: number; text: string } {
  if (err instanceof HttpError) return { status: err.status, text: err.message };
  const e = (err ?? {}) as { type?: string; code?: string; status?: number; statusCode?: number; message?: string };
  const known = KNOWN.get(String(e.type ?? '')) ?? KNOWN.get(String(e.code ?? ''));
  if (known) return { status: known[0], text: known[1] };
  // csrf-sync raises the message configured in security.ts: already ours.
  if (e.code === 'EBADCSRFTOKEN') return { status: 403, text: String(e.message) };
  const status = Number(e.status ?? e.statusCode);
  if (status >= 400 && status < 500)
    return { status, text: BY_STATUS.get(status) ?? 'That request could not be handled.' };
  return { status: 500, text: SERVER_FAULT };
}

/** One handler for everything thrown: a page, or a message fragment with the status for htmx. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const { status, text } = answerFor(err);
  if (status >= 500) req.deps?.logger.error({ err, url: req.originalUrl }, 'request failed');
  else if (!(err instanceof HttpError) && /^2/.test(String(err?.code ?? '')))
    req.deps?.logger.warn({ err, url: req.originalUrl }, 'database refused a value validation let through');
  if (res.headersSent) return;
  // A failure while rendering the error page comes back here: answer with the bare message, not Express's stack page.
  if (isHtmx(req) || typeof res.page !== 'function' || res.locals.renderingError) return fragment(res, status, text);
  res.locals.renderingError = true;
  void res.page('error', { title: 'Error', status, text }, status);
};

/** The message alone: for htmx, and for errors raised before the page helpers exist (a body that cannot be read). */
function fragment(res: Response, status: number, text: string) {
  res.status(status).render('partials/_message', { type: 'error', text }, (err, html) => {
    res.type('html').send(err ? `<p>${status >= 500 ? SERVER_FAULT : 'That request could not be handled.'}</p>` : html);
  });
}
