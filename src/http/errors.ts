import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isHtmx } from './htmx';
import { HttpError, NotFoundError } from '../lib/results';

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError('That page'));

/** One handler for everything thrown: a page, or a message fragment with the status for htmx. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const status: number = err instanceof HttpError ? err.status : Number(err.status ?? err.statusCode) || 500;
  const text = status >= 500 ? 'Something went wrong on our side. Nothing was changed; try again.' : String(err.message);
  if (status >= 500) req.deps?.logger.error({ err, url: req.originalUrl }, 'request failed');
  if (res.headersSent) return;
  if (isHtmx(req)) {
    res.status(status).render('partials/_message', { type: 'error', text });
    return;
  }
  void res.page('error', { title: 'Error', status, text }, status);
};
