import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { can, type Permission } from '../auth/permissions';
import { isHtmx } from './htmx';
import { flash } from './flash';
import { RETURN_TO_COOKIE, setCookie } from './cookies';
import type { Route } from './types';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Logged out: pages go to /login (and come back after); htmx is told to do the same. */
export const requireLogin: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (isHtmx(req)) {
    res.set('HX-Redirect', '/login').status(401).send('');
    return;
  }
  // In a cookie, not the session: a bot probing pages must not create session rows.
  if (req.method === 'GET') setCookie(req, res, RETURN_TO_COOKIE, req.originalUrl, 3600 * 1000);
  res.redirect(303, '/login');
};

/** A user the admin created must choose their own password before anything else. */
export const requirePasswordChosen: RequestHandler = (req, res, next) => {
  if (!req.user?.mustChangePassword || req.path === '/account/password') return next();
  if (isHtmx(req)) {
    res.set('HX-Redirect', '/account/password').status(403).send('');
    return;
  }
  res.redirect(303, '/account/password');
};

export function requirePermission(permission: Permission): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.user && can(req.user.role, permission)) return next();
    refuse(req, res);
  };
}

/** Pages redirect to the dashboard with a message; htmx requests and mutations get 403. */
export function refuse(req: Request, res: Response): void {
  const text = 'You do not have access to that. Ask an admin if you need it.';
  if (SAFE.has(req.method) && !isHtmx(req)) {
    flash(req, 'error', text);
    res.redirect(303, '/');
    return;
  }
  res.status(403).render('partials/_message', { type: 'error', text });
}

/** The middleware in front of a route's handlers: login, CSRF, then the named permission. */
export function guardsFor(route: Route, csrf: RequestHandler): RequestHandler[] {
  // A portal route has no login: its token is checked by the portal's own handlers (src/portal/access.ts).
  if (route.permission === 'public' || route.permission === 'portal') return [csrf];
  return [requireLogin, csrf, requirePasswordChosen, requirePermission(route.permission)];
}
