import type { Request, Response } from 'express';
import { idParam } from '../http/params';
import { fieldErrors } from '../http/forms';
import { customerServiceSettings } from './customer-service';
import * as service from './service';

async function pageLocals(req: Request) {
  return {
    settings: await service.getSettings(req.deps.db),
    emails: await service.notifyEmails(req.deps.db),
    tz: req.deps.config.tz,
    csSettings: await customerServiceSettings(req.deps.db),
    csErrors: {},
    csSaved: false,
  };
}

export async function show(req: Request, res: Response) {
  return res.page('settings/show', {
    title: 'Settings',
    ...(await pageLocals(req)),
    errors: {},
    saved: false,
    emailError: null,
    emailValue: '',
  });
}

export async function update(req: Request, res: Response) {
  const parsed = service.settingsCommand.safeParse(req.body);
  if (!parsed.success) {
    const current = await service.getSettings(req.deps.db);
    const lines = (v: unknown) => String(v ?? '').split(/\r?\n/);
    const typed = {
      ...current,
      ...req.body,
      auto_cancel_on_refund: req.body.auto_cancel_on_refund === '1',
      refund_reasons: lines(req.body.refund_reasons),
      cancellation_reasons: lines(req.body.cancellation_reasons),
    };
    return res.status(422).render('settings/_form', {
      settings: typed,
      errors: fieldErrors(parsed.error),
      saved: false,
      tz: req.deps.config.tz,
    });
  }
  const settings = await service.updateSettings(req.deps.db, req.user!, parsed.data, req.deps.config.tz);
  return res.render('settings/_form', { settings, errors: {}, saved: true, tz: req.deps.config.tz });
}

export async function addNotifyEmail(req: Request, res: Response) {
  const parsed = service.notifyEmailCommand.safeParse(req.body);
  const result = parsed.success
    ? await service.addNotifyEmail(req.deps.db, req.user!, parsed.data.email)
    : { ok: false as const, message: parsed.error.issues[0].message };
  return res.status(result.ok ? 201 : 422).render('settings/_notify_emails', {
    emails: await service.notifyEmails(req.deps.db),
    emailError: result.ok ? null : result.message,
    emailValue: result.ok ? '' : String(req.body.email ?? ''),
  });
}

export async function removeNotifyEmail(req: Request, res: Response) {
  await service.removeNotifyEmail(req.deps.db, req.user!, idParam(req, 'That email'));
  return res.render('settings/_notify_emails', {
    emails: await service.notifyEmails(req.deps.db),
    emailError: null,
    emailValue: '',
  });
}
