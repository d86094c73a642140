import type { Knex } from 'knex';
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
  const [row] = await trx('email_outbox')
    .insert({
      template: email.template,
      to_address: to,
      subject: email.subject,
      text_body: email.text,
      customer_id: customerId,
      created_at: now,
      next_attempt_at: now,
    })
    .returning('id');
  return row.id;
}
