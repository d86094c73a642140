import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { answerFor } from '../http/errors';

/**
 * A page of the customer's own pages: the view inside the portal's layout (the merchant's name, no
 * agent menu), never the back office's layout.
 */
export function portalPage(res: Response, view: string, locals: Record<string, unknown> = {}, status = 200) {
  const merchant = res.req.deps.config.portal.merchantName;
  return new Promise<void>((resolve, reject) => {
    res.render(view, { ...locals, merchant }, (err, body) => {
      if (err) return reject(err);
      res.status(status).render('portal/layout', { title: '', ...locals, merchant, body }, (err2, html) => {
        if (err2) return reject(err2);
        res.send(html);
        resolve();
      });
    });
  });
}

/**
 * The last handler of every portal route: a refusal (403 CSRF, 404, 413…) is shown in the portal's
 * layout, with no link into the back office; a fault goes on to the app's error handler.
 */
const onError: ErrorRequestHandler = (err, _req, res, next) => {
  const { status, text } = answerFor(err);
  if (status >= 500 || res.headersSent) return next(err);
  portalPage(res, 'portal/gone', { message: text }, status).catch(next);
};

// Express tells an error handler by its four parameters; the route table's type lists plain handlers.
export const portalErrors = onError as unknown as RequestHandler;
