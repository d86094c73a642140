import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { csrfSync } from 'csrf-sync';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

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

/**
 * CSRF by csrf-sync (synchroniser token kept in the server-side session). The token travels in the
 * `X-CSRF-Token` header (htmx, from `hx-headers:inherited` on <body>) or a `_csrf` form field.
 */
export const csrf = csrfSync({
  getTokenFromRequest: (req) => (req.get('x-csrf-token') ?? (req.body as Record<string, string> | undefined)?._csrf) || undefined,
  errorConfig: { statusCode: 403, message: 'This form has expired. Reload the page and try again.', code: 'EBADCSRFTOKEN' },
});

/**
 * express-rate-limit on login: 10 failed attempts per 15 minutes for one address and one email.
 * Successful logins do not count. The store is per process; behind a load balancer each container
 * counts on its own, which still bounds guessing to 10 × containers.
 */
export function loginRateLimit(limit = 10): RequestHandler {
  return rateLimit({
    windowMs: 15 * 60 * 1000,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { email?: string } | undefined)?.email ?? '').toLowerCase()}`,
    handler: (_req, res) => {
      res.status(429).page('auth/login', { error: 'Too many failed attempts. Wait 15 minutes and try again.', email: '' }, 429);
    },
  });
}
