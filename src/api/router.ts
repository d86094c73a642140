import path from 'node:path';
import express, { type Express, type Request, type RequestHandler } from 'express';
import type { Deps } from '../deps';
import { normaliseInput } from '../http/bodies';
import { projectRoot } from '../lib/paths';
import { authenticate, keyRateLimit, requireScope } from './auth';
import { idempotent } from './idempotency';
import { openApiDocument } from './openapi';
import { ApiProblem, notFoundProblem, problemHandler } from './problems';
import { apiRoutes } from './routes';

/** A body is JSON or nothing: any other type is refused rather than read as an empty body. */
const jsonOnly: RequestHandler = (req: Request, _res, next) => {
  // req.is is null without a body (a GET sent with a Content-Type header), false for a body of another type.
  if (req.get('content-length') === '0' || req.is(['json', '+json']) !== false) return next();
  next(new ApiProblem(415, 'unsupported_media_type', 'Send the body as application/json.'));
};

export interface ApiOptions {
  /** Requests a minute per key (tests lower it to see the 429). */
  perMinute?: number;
}

/** The JSON API under /api/v1: bearer keys, scopes, idempotency, problem+json. */
export function apiRouter(deps: Deps, options: ApiOptions = {}): express.Router {
  const router = express.Router();
  const document = openApiDocument();
  router.get('/openapi.json', (_req, res) => void res.json(document));
  router.use((req, _res, next) => {
    req.deps = deps;
    next();
  });
  router.use(authenticate, keyRateLimit(options.perMinute ?? 600));
  router.use(
    jsonOnly,
    express.json({ limit: '100kb', type: ['application/json', 'application/*+json'] }),
    normaliseInput,
  );
  for (const r of apiRoutes) {
    const idempotency = r.method === 'post' ? [idempotent(r.money)] : [];
    router[r.method](r.path, requireScope(r.scope), ...idempotency, r.handler);
  }
  router.use(notFoundProblem);
  router.use(problemHandler);
  return router;
}

const SWAGGER_UI = path.join(projectRoot, 'node_modules/swagger-ui-dist');
const INITIALIZER = `window.onload = () => {
  window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });
};`;

/** Mounted before the session middleware: the API never reads a session cookie and needs no CSRF token. */
export function mountApi(app: Express, deps: Deps): void {
  app.get('/api/docs/swagger-initializer.js', (_req, res) => void res.type('js').send(INITIALIZER));
  app.get('/api/docs', (req, res, next) => (req.path.endsWith('/') ? next() : res.redirect(301, '/api/docs/')));
  app.use('/api/docs', express.static(SWAGGER_UI, { maxAge: '1d' }));
  app.use('/api/v1', apiRouter(deps));
}
