import type { Request, Response } from 'express';

/** A request made by htmx for a fragment (not a boosted full-page load). */
export function isHtmx(req: Request): boolean {
  return req.get('HX-Request') === 'true' && req.get('HX-Request-Type') !== 'full';
}

/** After a mutation: htmx is told where to go (HX-Redirect), a plain form gets a 302. */
export function redirectAfter(req: Request, res: Response, url: string): void {
  if (isHtmx(req)) {
    res.set('HX-Redirect', url).status(204).end();
    return;
  }
  res.redirect(url);
}
