import type { Request, Response } from 'express';
import { flash } from '../http/flash';
import { fieldErrors } from '../http/forms';
import { redirectAfter } from '../http/htmx';
import { DEMO_VALUES } from './registry';
import { renderTemplate } from './render';
import * as admin from './template-admin';

const keyOf = (req: Request) => String(req.params.key);

export async function index(req: Request, res: Response) {
  return res.page('email/templates', { title: 'Email templates', templates: await admin.templateList(req.deps.db) });
}

async function edit(req: Request, res: Response, errors: Record<string, string> = {}, typed?: object, status = 200) {
  const current = await admin.currentTemplate(req.deps.db, keyOf(req));
  const shown = { ...current, ...typed };
  const preview = {
    subject: renderTemplate(shown.subject, DEMO_VALUES),
    body: renderTemplate(shown.body, DEMO_VALUES),
  };
  const title = `Email: ${current.definition.label}`;
  return res.page('email/template', { title, ...shown, preview, errors, demo: DEMO_VALUES }, status);
}

export const show = (req: Request, res: Response) => edit(req, res);

export async function save(req: Request, res: Response) {
  admin.definitionOf(keyOf(req));
  const typed = { subject: String(req.body.subject ?? ''), body: String(req.body.body ?? '') };
  const parsed = admin.templateCommand.safeParse(req.body);
  if (!parsed.success) return edit(req, res, fieldErrors(parsed.error), typed, 422);
  const result = await admin.saveTemplate(req.deps.db, req.user!, keyOf(req), parsed.data);
  if (!result.ok) return edit(req, res, result.fields ?? {}, typed, 422);
  flash(req, 'success', 'Saved. Emails sent from now on use this text.');
  redirectAfter(req, res, `/admin/email-templates/${keyOf(req)}`);
}

export async function reset(req: Request, res: Response) {
  await admin.resetTemplate(req.deps.db, req.user!, keyOf(req));
  flash(req, 'success', 'Back to the default text.');
  redirectAfter(req, res, `/admin/email-templates/${keyOf(req)}`);
}

/** The preview of what is typed, unsaved, with the demo customer: a fragment under the form. */
export async function preview(req: Request, res: Response) {
  const def = admin.definitionOf(keyOf(req));
  const input = { subject: String(req.query.subject ?? ''), body: String(req.query.body ?? '') };
  const problems = admin.placeholderErrors(keyOf(req), input);
  const shown = { subject: renderTemplate(input.subject, DEMO_VALUES), body: renderTemplate(input.body, DEMO_VALUES) };
  return res.render('email/_preview', { preview: shown, problems, label: def.label });
}
