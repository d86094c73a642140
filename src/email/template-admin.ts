import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { type FieldErrors, fail, NotFoundError, type Result } from '../lib/results';
import { EMAIL_TEMPLATES, type TemplateDefinition } from './registry';
import { templateProblem } from './render';

export const templateCommand = z.object({
  subject: z
    .string()
    .trim()
    .min(1, 'Enter a subject.')
    .max(200)
    .refine((s) => !/[\r\n]/.test(s), 'A subject is one line.'),
  body: z
    .string()
    .transform((s) => s.replace(/\r\n/g, '\n').trim())
    .pipe(z.string().min(1, 'Enter the text of the email.').max(10000)),
});
export type TemplateInput = z.infer<typeof templateCommand>;

export function definitionOf(key: string): TemplateDefinition {
  const d = Object.hasOwn(EMAIL_TEMPLATES, key) ? EMAIL_TEMPLATES[key] : undefined;
  if (!d) throw new NotFoundError('That email template');
  return d;
}

/** Every template, with whether an admin changed it and when. */
export async function templateList(db: Db) {
  const saved = new Map((await db('email_templates').select('key', 'updated_at')).map((r) => [r.key, r.updated_at]));
  return Object.entries(EMAIL_TEMPLATES).map(([key, d]) => ({ key, ...d, changedAt: saved.get(key) ?? null }));
}

/** The subject and body in use: the admin's, or the default. */
export async function currentTemplate(db: Db, key: string) {
  const d = definitionOf(key);
  const saved = await db('email_templates').where({ key }).first('subject', 'body', 'updated_at');
  return { key, definition: d, subject: saved?.subject ?? d.subject, body: saved?.body ?? d.body, saved: !!saved };
}

/** The placeholder problems of a typed subject and body, by field (empty: none). */
export function placeholderErrors(key: string, input: TemplateInput): FieldErrors {
  const allowed = definitionOf(key).placeholders;
  const out: FieldErrors = {};
  for (const field of ['subject', 'body'] as const) {
    const problem = templateProblem(input[field], allowed);
    if (problem) out[field] = problem;
  }
  return out;
}

export async function saveTemplate(
  db: Db,
  user: SessionUser,
  key: string,
  input: TemplateInput,
): Promise<Result<object, 'bad_placeholder'>> {
  const errors = placeholderErrors(key, input);
  if (Object.keys(errors).length) return fail('bad_placeholder', 'Fix the placeholders.', errors);
  const label = definitionOf(key).label;
  await db.transaction(async (trx) => {
    const before = await trx('email_templates').where({ key }).forUpdate().first('subject', 'body');
    await trx('email_templates')
      .insert({ key, ...input, updated_by: user.id, updated_at: trx.fn.now() })
      .onConflict('key')
      .merge();
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'email_template.saved',
      subject: { type: 'email_template', id: key },
      summary: `Changed the ${label} email (subject “${input.subject}”)`,
      before: before ?? { default: true },
      after: input,
    });
  });
  return { ok: true };
}

export async function resetTemplate(db: Db, user: SessionUser, key: string) {
  const label = definitionOf(key).label;
  await db.transaction(async (trx) => {
    const before = await trx('email_templates').where({ key }).forUpdate().first('subject', 'body');
    if (!before) return;
    await trx('email_templates').where({ key }).del();
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'email_template.reset',
      subject: { type: 'email_template', id: key },
      summary: `Reset the ${label} email to its default`,
      before,
      after: { default: true },
    });
  });
}
