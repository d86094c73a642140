import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { portalPage } from './render';

const WINDOW = 15 * 60 * 1000;
const ip = (req: Request) => ipKeyGenerator(req.ip ?? '');
const tooMany = (req: Request, res: Response) =>
  portalPage(res, 'portal/gone', { message: 'Too many tries from here. Wait 15 minutes and try again.' }, 429).catch(
    (err: unknown) => req.next?.(err),
  );
const common = { windowMs: WINDOW, standardHeaders: 'draft-8', legacyHeaders: false, handler: tooMany } as const;

/**
 * Per process, like the login's limits (src/http/security.ts). Guessing a 256-bit token is hopeless
 * anyway; the limit makes a scan visible and cheap to refuse. Only refused lookups count (unknown,
 * expired, revoked: 4xx), so a customer clicking around their own portal is never locked out.
 */
export const portalLookups = (limit = 30): RequestHandler =>
  rateLimit({ ...common, limit, skipSuccessfulRequests: true, keyGenerator: ip });

/** Every action through one link, from one address: enough for a person, not for a script. */
export const portalActions = (limit = 10): RequestHandler =>
  rateLimit({
    ...common,
    limit,
    keyGenerator: (req) => `${ip(req)}:${String(req.params.token ?? '').slice(0, 16)}`,
  });

/**
 * The click-to-cancel lookup: every try counts, by address and by the email typed, so it cannot be
 * used to test which emails are customers faster than a person types.
 */
export const cancelLookups = (limit = 5): RequestHandler[] => [
  rateLimit({ ...common, limit: 4 * limit, keyGenerator: ip }),
  rateLimit({
    ...common,
    limit,
    standardHeaders: false,
    keyGenerator: (req) =>
      `email:${String((req.body as { email?: unknown } | undefined)?.email ?? '')
        .trim()
        .toLowerCase()}`,
  }),
];
