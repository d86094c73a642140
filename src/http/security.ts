import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { normaliseEmail } from '../auth/queries';
import { HttpError } from '../lib/results';
import { readCookie, setCookie } from './cookies';

/**
 * Security headers by helmet (maintained, covers CSP, HSTS, frame, sniffing defaults). Scripts and
 * styles only from our own origin: htmx is served from the package and configured by a meta tag,
 * and no inline handlers are used, so no 'unsafe-inline'.
 */
export function securityHeaders(secureCookies: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: secureCookies,
  });
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const ANON_COOKIE = 'cd.csrf';
const ANON_ID = /^[A-Za-z0-9_-]{24}$/;

export interface Csrf {
  /** The token for forms and htmx on this request's page (sets the anonymous cookie when needed). */
  token(req: Request, res: Response): string;
  protect: RequestHandler;
}

/**
 * CSRF without server state: the token is an HMAC, under the session secret, of what the request is
 * bound to — the session id once signed in, else a random id in the `cd.csrf` cookie (signed
 * double-submit). So the login page and bots store nothing in PostgreSQL, and a token from one
 * session is useless in another. The token travels in `X-CSRF-Token` (htmx, from
 * `hx-headers:inherited` on <body>) or a `_csrf` form field.
 */
export function createCsrf(secret: string): Csrf {
  const sign = (binding: string) => crypto.createHmac('sha256', secret).update(`csrf:${binding}`).digest('base64url');
  const anonId = (req: Request) => {
    const id = readCookie(req, ANON_COOKIE);
    return id && ANON_ID.test(id) ? id : undefined;
  };
  const binding = (req: Request) => (req.user ? `s:${req.sessionID}` : `a:${anonId(req) ?? ''}`);
  return {
    token(req, res) {
      if (!req.user && !anonId(req)) {
        const id = crypto.randomBytes(18).toString('base64url');
        setCookie(req, res, ANON_COOKIE, id, 12 * 3600 * 1000);
        req.headers.cookie = `${req.headers.cookie ? `${req.headers.cookie}; ` : ''}${ANON_COOKIE}=${id}`;
      }
      return sign(binding(req));
    },
    protect(req, _res, next) {
      if (SAFE.has(req.method)) return next();
      const sent = req.get('x-csrf-token') ?? (req.body as Record<string, unknown> | undefined)?._csrf;
      const expected = Buffer.from(sign(binding(req)));
      const given = Buffer.from(typeof sent === 'string' ? sent : '');
      const anonymousWithoutCookie = !req.user && !anonId(req);
      if (anonymousWithoutCookie || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
        return next(new HttpError(403, 'This form has expired. Reload the page and try again.'));
      }
      next();
    },
  };
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;
const tooMany: RequestHandler = (_req, res) => {
  void res
    .status(429)
    .page('auth/login', { error: 'Too many failed attempts. Wait 15 minutes and try again.', email: '' }, 429);
};

/**
 * express-rate-limit on login, failed attempts only: `limit` per 15 minutes for one email (normalised
 * as the lookup does, so " Agent@example.com " counts as agent@example.com) and 5 × `limit` for one
 * address (an office shares one). The store is per process; behind a load balancer each container
 * counts on its own, which still bounds guessing to `limit` × containers.
 */
export function loginRateLimit(limit = 10): RequestHandler[] {
  const common = {
    windowMs: FIFTEEN_MINUTES,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: tooMany,
  } as const;
  return [
    rateLimit({
      ...common,
      standardHeaders: false,
      limit: 5 * limit,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    }),
    rateLimit({
      ...common,
      limit,
      keyGenerator: (req) =>
        `email:${normaliseEmail(String((req.body as { email?: unknown } | undefined)?.email ?? ''))}`,
    }),
  ];
}
