import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from '../lib/results';
import type { Route } from './types';
import { takesFiles } from './uploads';

/**
 * Every route reads a urlencoded form or JSON; upload routes also multipart. A body of any other type
 * (text/plain, XML, multipart sent to a plain form) is refused before a handler sees it, instead of
 * arriving as an empty body and acting as if the form had been sent blank.
 */
export function acceptBodies(route: Route): RequestHandler {
  const types = takesFiles(route) ? ['urlencoded', 'json', 'multipart'] : ['urlencoded', 'json'];
  return (req, _res, next) => {
    // An empty body (Content-Length: 0) of any type carries nothing to misread.
    if (req.get('content-length') !== '0' && req.is(types) === false)
      return next(
        new HttpError(415, 'This form was sent in a format we do not read. Reload the page and send it again.'),
      );
    next();
  };
}

function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 8 || v === null || typeof v !== 'object') return false;
  return Object.entries(v).some(([k, x]) => k.includes('\u0000') || hasNul(x, depth + 1));
}

/**
 * After the body parsers: a request without a body gets `{}` (Express 5 leaves `req.body` undefined),
 * and a NUL byte anywhere in the form or the query string is refused (PostgreSQL cannot store one).
 */
const NUL_MESSAGE =
  'The form contains a character that cannot be stored (a NUL byte). Remove it and send the form again.';

export function normaliseInput(req: Request, _res: Response, next: NextFunction): void {
  req.body ??= {};
  const nul = hasNul(req.body) || hasNul(req.query);
  next(nul ? new HttpError(400, NUL_MESSAGE) : undefined);
}
