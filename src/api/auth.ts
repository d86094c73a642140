import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { addressAllowed, keyByToken, touchKey, type ApiKeyRow, type Scope } from './keys';
import { ApiProblem, sendProblem } from './problems';

/** The key of this request (set by `authenticate`). */
export const keyOf = (res: Response): ApiKeyRow => res.locals.apiKey as ApiKeyRow;

/**
 * `Authorization: Bearer <key>`: a live key, called from an allowed address. A session cookie is never
 * read here (the API is mounted before the session middleware), so a signed-in agent cannot use it.
 */
export const authenticate: RequestHandler = async (req, res, next) => {
  const token = /^Bearer +([A-Za-z0-9_-]{10,200})$/.exec(req.get('authorization') ?? '')?.[1];
  if (!token) throw new ApiProblem(401, 'unauthenticated', 'Send the API key as "Authorization: Bearer <key>".');
  const key = await keyByToken(req.deps.db, token);
  if (!key) throw new ApiProblem(401, 'invalid_key', 'This API key is unknown or was revoked.');
  if (!addressAllowed(key, req.ip ?? ''))
    throw new ApiProblem(403, 'address_not_allowed', `This key may not be used from ${req.ip}.`);
  res.locals.apiKey = key;
  await touchKey(req.deps.db, key, req.deps.clock.now());
  next();
};

export const requireScope =
  (scope: Scope): RequestHandler =>
  (_req, res, next) => {
    if (keyOf(res).scopes.includes(scope)) return next();
    throw new ApiProblem(403, 'missing_scope', `This key lacks the scope ${scope}.`);
  };

/** Requests a minute per key; the store is per process, like the login limit. */
export const keyRateLimit = (perMinute: number): RequestHandler =>
  rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (_req, res) => `key:${keyOf(res).id}`,
    handler: (req: Request, res: Response) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
      res.set('Retry-After', String(seconds));
      sendProblem(res, 429, 'rate_limited', `Too many requests for this key; retry in ${seconds} s.`);
    },
  });
