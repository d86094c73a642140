import nodemailer, { type Transporter } from 'nodemailer';
import type { Deps } from '../deps';

const BATCH = 50;
const MAX_BACKOFF_MINUTES = 60;

export function createTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}

/**
 * Delivers due outbox mail through SMTP. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
 * app processes never send the same email; a failure keeps the row with its error and schedules a
 * retry with exponential backoff (1, 2, 4 … minutes, at most an hour). Without SMTP_URL nothing is
 * sent: the outbox is the mailbox (/admin/mailbox).
 */
export async function deliverOutbox(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>,
  transport: Transporter | null,
): Promise<{ sent: number; failed: number }> {
  if (!transport) return { sent: 0, failed: 0 };
  let sent = 0;
  let failed = 0;
  for (;;) {
    const done = await deps.db.transaction(async (trx) => {
      const rows = await trx('email_outbox')
        .select('id', 'to_address', 'subject', 'text_body', 'attempts')
        .where({ status: 'pending' })
        .where('next_attempt_at', '<=', deps.clock.now())
        .orderBy('id')
        .limit(BATCH)
        .forUpdate()
        .skipLocked();
      for (const row of rows) {
        try {
          const info = await transport.sendMail({
            from: deps.config.mailFrom,
            to: row.to_address,
            subject: row.subject,
            text: row.text_body,
          });
          await trx('email_outbox')
            .where({ id: row.id })
            .update({
              status: 'sent',
              sent_at: deps.clock.now(),
              message_id: info.messageId,
              attempts: row.attempts + 1,
              last_error: null,
            });
          sent++;
        } catch (err) {
          const minutes = Math.min(MAX_BACKOFF_MINUTES, 2 ** row.attempts);
          await trx('email_outbox')
            .where({ id: row.id })
            .update({
              attempts: row.attempts + 1,
              last_error: String((err as Error).message ?? err).slice(0, 500),
              next_attempt_at: new Date(deps.clock.now().getTime() + minutes * 60_000),
            });
          failed++;
        }
      }
      return rows.length < BATCH;
    });
    if (done) break;
  }
  if (sent || failed) deps.logger.info({ sent, failed }, 'outbox delivered');
  return { sent, failed };
}
