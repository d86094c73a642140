import type { Request, Response } from 'express';
import { fieldErrors } from '../auth/handlers';
import { getSettings, settingsCommand, updateSettings } from './service';

export async function show(req: Request, res: Response) {
  return res.page('settings/show', { title: 'Settings', settings: await getSettings(req.deps.db), errors: {}, saved: false, tz: req.deps.config.tz });
}

export async function update(req: Request, res: Response) {
  const parsed = settingsCommand.safeParse(req.body);
  if (!parsed.success) {
    const current = await getSettings(req.deps.db);
    const typed = { ...current, auto_cancel_on_refund: req.body.auto_cancel_on_refund === '1', refund_reasons: String(req.body.refund_reasons ?? '').split(/\r?\n/), cancellation_reasons: String(req.body.cancellation_reasons ?? '').split(/\r?\n/) };
    return res.status(422).render('settings/_form', { settings: typed, errors: fieldErrors(parsed.error), saved: false, tz: req.deps.config.tz });
  }
  const settings = await updateSettings(req.deps.db, req.user!, parsed.data);
  return res.render('settings/_form', { settings, errors: {}, saved: true, tz: req.deps.config.tz });
}
