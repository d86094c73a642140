import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { renderTemplate } from './render';
import type { Email } from './templates';

/**
 * The email as it goes out: the admin's saved subject and body for its template, filled with the
 * email's values, or the default as composed. The outbox stores the result, so each sent email
 * keeps the text it had when it was sent, whatever the template says later.
 */
export async function withSavedTemplate(trx: Db | Knex.Transaction, email: Email): Promise<Email> {
  if (!email.values) return email;
  const saved = await trx('email_templates').where({ key: email.template }).first('subject', 'body');
  if (!saved) return email;
  return {
    ...email,
    subject: renderTemplate(saved.subject, email.values),
    text: renderTemplate(saved.body, email.values),
  };
}
