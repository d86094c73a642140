import type { NextFunction, Request, Response } from 'express';
import ejs from 'ejs';
import { can, ROLE_LABELS, type Permission } from '../auth/permissions';
import { newIdempotencyKey } from '../lib/ids';
import { dayIn } from '../lib/clock';
import { formatMoney } from '../lib/money';
import { saleRowAllows } from '../payments/states';
import { purchaseAllows } from '../subscriptions/states';
import { formatWhen } from '../lib/time';
import { takeFlash } from './flash';
import type { Csrf } from './security';

/** Locals every template may use, and `res.page()` to render a view inside the layout. */
export const renderLocals =
  (csrf: Csrf) =>
  (req: Request, res: Response, next: NextFunction): void => {
    const user = req.user;
    res.locals.currentUser = user ?? null;
    res.locals.roleLabel = user ? ROLE_LABELS[user.role] : '';
    res.locals.can = (permission: Permission) => Boolean(user && can(user.role, permission));
    // Made only when a page is rendered: a health check or a redirect sets no cookie and computes no HMAC.
    Object.defineProperty(res.locals, 'csrfToken', { enumerable: true, get: () => csrf.token(req, res) });
    res.locals.money = formatMoney;
    res.locals.saleAllows = saleRowAllows;
    res.locals.purchaseAllows = purchaseAllows;
    // One way to write a time (and a day) on every page: in the account's time zone, never a sliced ISO string.
    const timeZone = req.deps.config.tz;
    res.locals.timeZone = timeZone;
    res.locals.when = (d: Date | null) => (d ? formatWhen(d, timeZone) : '');
    res.locals.day = (d: Date | string | null) => (d instanceof Date ? dayIn(d, timeZone) : (d ?? ''));
    res.locals.escapeHtml = ejs.escapeXML;
    res.locals.newKey = newIdempotencyKey;
    res.locals.path = req.path;
    res.page = (view, locals = {}, status = 200) =>
      new Promise<void>((resolve) => {
        res.render(view, locals, (err, body) => {
          if (err) {
            next(err);
            return resolve();
          }
          takeFlash(req, res).then(
            (flash) => {
              res.status(status).render('layout', { title: '', ...locals, body, flash }, (err2, html) => {
                if (err2) next(err2);
                else res.send(html);
                resolve();
              });
            },
            (err3: unknown) => {
              next(err3);
              resolve();
            },
          );
        });
      });
    next();
  };
