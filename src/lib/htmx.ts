import type { Request } from 'express';

/** A request made by htmx for a fragment (not a boosted full-page load). */
export function isHtmx(req: Request): boolean {
  return req.get('HX-Request') === 'true' && req.get('HX-Request-Type') !== 'full';
}
