import type { Request, Response } from 'express';

/** The page a logged-out visitor asked for, to return to after login. */
export const RETURN_TO_COOKIE = 'cd.return';

/** One cookie from the request header (express-session parses its own; nothing else needs more). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Our small cookies: never readable by scripts, sent on same-site navigations only. */
export function setCookie(req: Request, res: Response, name: string, value: string, maxAgeMs: number): void {
  res.cookie(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.deps.config.secureCookies,
    path: '/',
    maxAge: maxAgeMs,
  });
}
