import type { Request, Response } from 'express';

/** A request made by htmx for a fragment (not a boosted full-page load). */
export function isHtmx(req: Request): boolean {
  return req.get('HX-Request') === 'true' && req.get('HX-Request-Type') !== 'full';
}

/**
 * The one way a mutation that moves the agent to another page answers: htmx is told where to go
 * (HX-Redirect, 204), a plain form gets 303 See Other. Never 301/302: a browser repeats a PATCH or
 * DELETE on those, so one click would act again on every hop.
 */
export function redirectAfter(req: Request, res: Response, url: string): void {
  if (isHtmx(req)) {
    res.set('HX-Redirect', url).status(204).end();
    return;
  }
  res.redirect(303, url);
}
