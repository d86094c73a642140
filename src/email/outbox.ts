import type { Knex } from 'knex';
import { withSavedTemplate } from './saved-templates';
import type { Email } from './templates';

/**
 * Writes an email to the outbox inside the caller's transaction: it is sent if and only if the
 * change that caused it commits. The sender job delivers it later (src/email/sender.ts).
 */
export async function enqueueEmail(
  trx: Knex.Transaction,
  now: Date,
  to: string | null,
  email: Email,
  customerId: number | null,
): Promise<number | null> {
  if (!to) return null;
  const sent = await withSavedTemplate(trx, email);
  const [row] = await trx('email_outbox')
    .insert({
      template: sent.template,
      to_address: to,
      subject: sent.subject,
      text_body: sent.text,
      customer_id: customerId,
      created_at: now,
      next_attempt_at: now,
    })
    .returning('id');
  return row.id;
}
