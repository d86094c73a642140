import path from 'node:path';
import express, { type Express } from 'express';
import session from 'express-session';
import type pg from 'pg';
import { pinoHttp } from 'pino-http';
import { createPassport } from './auth/passport';
import { SessionWithUserStore } from './auth/session-store';
import type { SessionCache } from './auth/session-cache';
import type { Deps } from './deps';
import { acceptBodies, normaliseInput } from './http/bodies';
import { errorHandler, notFound } from './http/errors';
import { guardsFor } from './http/guard';
import type { InFlight } from './http/in-flight';
import { renderLocals } from './http/render';
import { badge } from './http/badge';
import { isUnknownOutcome, statusLabel } from './payments/states';
import { createCsrf, securityHeaders } from './http/security';
import { storeFlashBeforeEnd } from './http/flash';
import { projectRoot } from './lib/paths';
import { routes } from './routes';
import { mountApi } from './api/router';
import { stripeWebhook } from './payments/gateways/stripe-webhook';
import { healthRoute } from './dashboard/routes';

export interface AppOptions {
  /** false in tests: no request log lines. */
  requestLog?: boolean;
  /** The session store's pool; the caller ends it on shutdown. */
  sessionPool: pg.Pool;
  /** Sessions kept in memory until a change is heard; without one every request reads its session. */
  sessionCache?: SessionCache;
  /** Counts requests until answered, so shutdown can wait for them before ending the pools. */
  requests?: InFlight;
}

/** The Express app: middleware, the route table, the error handler. Does not listen. */
export function createApp(deps: Deps, options: AppOptions): Express {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.set('view engine', 'ejs');
  app.set('views', path.join(projectRoot, 'views'));
  app.disable('x-powered-by');
  // Compiled templates are kept (Express only does so when NODE_ENV=production); `npm run dev` re-reads them.
  app.set('view cache', process.env.NODE_ENV !== 'development');

  if (options.requests) app.use(options.requests.middleware);
  app.use((req, _res, next) => {
    req.deps = deps;
    next();
  });
  app.get(healthRoute.path, ...healthRoute.handlers);
  app.use(securityHeaders(deps.config.secureCookies));
  if (options.requestLog !== false) app.use(pinoHttp({ logger: deps.logger }));
  app.use('/public', express.static(path.join(projectRoot, 'public'), { maxAge: '1h' }));
  app.use('/vendor/htmx', express.static(path.join(projectRoot, 'node_modules/htmx.org/dist'), { maxAge: '1d' }));

  mountApi(app, deps); // before the session, passport and CSRF: a key, never a cookie, opens the API
  // Stripe signs its own requests (no session, no CSRF): mounted beside the API, outside the page routes.
  app.use(stripeWebhook(deps));
  app.use(
    session({
      name: 'cd.sid',
      secret: deps.config.sessionSecret,
      // disableTouch: a page view never writes the session row, so it keeps the expiry set at login.
      store: new SessionWithUserStore({
        pool: options.sessionPool,
        tableName: 'sessions',
        pruneSessionInterval: 15 * 60,
        disableTouch: true,
        cache: options.sessionCache,
      }),
      resave: false,
      saveUninitialized: false,
      // A session lasts one 12-hour shift from login; not rolling and never touched, and nothing is kept in
      // it after login (CSRF, flash and the return path live elsewhere), so the row is written at login only.
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies, maxAge: 12 * 3600 * 1000 },
    }),
  );
  const passport = createPassport(deps.db);
  app.locals.passport = passport;
  // Every template names a sale's status the way the sale rules do (an unknown outcome is never "declined").
  app.locals.statusLabel = statusLabel;
  app.locals.isUnknownOutcome = isUnknownOutcome;
  app.locals.badge = badge;
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(storeFlashBeforeEnd);
  const csrf = createCsrf(deps.config.sessionSecret);
  app.use(renderLocals(csrf));
  // Parsed after the page helpers exist, so a body that cannot be read is answered with our own page.
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 1000 }));
  app.use(express.json({ limit: '100kb' }));
  app.use(normaliseInput);

  const router = express.Router();
  for (const route of routes) {
    router[route.method](route.path, ...guardsFor(route, csrf.protect), acceptBodies(route), ...route.handlers);
  }
  app.use(router);
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
