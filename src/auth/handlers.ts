import { redirectAfter } from '../http/htmx';
import type { Request, Response, NextFunction } from 'express';
import type { Passport } from 'passport';
import { z } from 'zod';
import { flash } from '../http/flash';
import { readCookie, RETURN_TO_COOKIE } from '../http/cookies';
import type { SessionUser } from './service';
import { changeOwnPassword } from './account';
import { fieldErrors } from '../http/forms';

export function showLogin(req: Request, res: Response) {
  if (req.user) return redirectAfter(req, res, '/');
  return res.page('auth/login', { title: 'Sign in', email: '', error: null });
}

export function login(req: Request, res: Response, next: NextFunction) {
  const passport = req.app.locals.passport as InstanceType<typeof Passport>;
  passport.authenticate('local', (err: unknown, user: SessionUser | false) => {
    if (err) return next(err);
    const email = String(req.body?.email ?? '');
    if (!user) return res.page('auth/login', { title: 'Sign in', email, error: 'Wrong email or password.' }, 401);
    const asked = readCookie(req, RETURN_TO_COOKIE);
    if (asked !== undefined) res.clearCookie(RETURN_TO_COOKIE, { path: '/' });
    const returnTo = safeReturnTo(asked);
    // req.logIn regenerates the session (no fixation); the CSRF token is issued afresh with it.
    req.logIn(user, (e) => {
      if (e) return next(e);
      redirectAfter(req, res, user.mustChangePassword ? '/account/password' : returnTo);
    });
  })(req, res, next);
}

/** Only local paths: never bounce a user to another site after login. */
function safeReturnTo(value: string | undefined): string {
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function logout(req: Request, res: Response, next: NextFunction) {
  req.logOut((err) => {
    if (err) return next(err);
    req.session.destroy(() => redirectAfter(req, res, '/login'));
  });
}

export function showPasswordForm(_req: Request, res: Response) {
  return res.page('auth/password', { title: 'Change password', errors: {} });
}

const passwordCommand = z
  .object({
    current: z.string().min(1, 'Enter your current password.'),
    password: z.string().min(10, 'Use at least 10 characters.').max(200),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two new passwords differ.' });

export async function changePassword(req: Request, res: Response) {
  const parsed = passwordCommand.safeParse(req.body);
  if (!parsed.success) {
    return res.page('auth/password', { title: 'Change password', errors: fieldErrors(parsed.error) }, 422);
  }
  const result = await changeOwnPassword(req.deps, req.user!, parsed.data.current, parsed.data.password);
  if (!result.ok) return res.page('auth/password', { title: 'Change password', errors: result.fields ?? {} }, 422);
  flash(req, 'success', 'Your password has been changed.');
  redirectAfter(req, res, '/');
}
