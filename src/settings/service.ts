import { NotFoundError } from '../lib/results';
import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { qaSampleField, reminderDaysField } from './number-fields';

export interface Settings {
  auto_cancel_on_refund: boolean;
  refund_reasons: string[];
  cancellation_reasons: string[];
  credit_reasons: string[];
  rebill_time: string;
  refund_queue_time: string;
  settlement_time: string;
  agents_refund_externally: boolean;
  rebill_reminder_days: number;
  qa_sample_percent: number;
}

export const getSettings = (db: Db): Promise<Settings> =>
  db('settings')
    .select(
      'auto_cancel_on_refund',
      'refund_reasons',
      'cancellation_reasons',
      'credit_reasons',
      'rebill_time',
      'refund_queue_time',
      'settlement_time',
      'agents_refund_externally',
      'rebill_reminder_days',
      'qa_sample_percent',
    )
    .first();

/** The reasons and call dispositions the profile's forms offer, in one read of the settings row. */
export const profileChoices = (
  db: Db,
): Promise<{ refund_reasons: string[]; credit_reasons: string[]; call_dispositions: string[] }> =>
  db('settings').select('refund_reasons', 'credit_reasons', 'call_dispositions').first();

/** One reason a line; blank lines dropped, duplicates removed, at least one reason kept. */
const reasons = (label: string) =>
  z
    .string()
    .transform((v) => [
      ...new Set(
        v
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    ])
    .refine((list) => list.length > 0, `Keep at least one ${label} reason.`)
    .refine((list) => list.every((r) => r.length <= 80), 'A reason has at most 80 characters.')
    .refine((list) => list.length <= 30, 'At most 30 reasons.');

const time = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `Enter the ${label} as HH:MM, e.g. 07:00.`);

export const settingsCommand = z.object({
  auto_cancel_on_refund: z.literal('1').optional().transform(Boolean),
  agents_refund_externally: z.literal('1').optional().transform(Boolean),
  refund_queue_time: time('refund queue time'),
  rebill_time: time('rebill time'),
  refund_reasons: reasons('refund'),
  cancellation_reasons: reasons('cancellation'),
  // Optional so a form or client that predates the list leaves it as it is.
  credit_reasons: reasons('store credit').optional(),
  ...reminderDaysField,
  ...qaSampleField,
});

/**
 * Saves the settings. A new refund-queue time moves every queued item's next attempt to that time on
 * the same day, so the change takes effect at once (the queue is checked every minute).
 */
export async function updateSettings(
  db: Db,
  user: SessionUser,
  input: z.infer<typeof settingsCommand>,
  timeZone: string,
): Promise<Settings> {
  return db.transaction(async (trx) => {
    const before = await trx('settings')
      .select(
        'auto_cancel_on_refund',
        'agents_refund_externally',
        'refund_reasons',
        'cancellation_reasons',
        'credit_reasons',
        'refund_queue_time',
        'rebill_time',
      )
      .select('rebill_reminder_days', 'qa_sample_percent')
      .forUpdate()
      .first();
    const changed = (Object.keys(input) as (keyof typeof input)[]).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]),
    );
    if (changed.length) {
      await trx('settings').update({ ...input, updated_at: trx.fn.now(), updated_by: user.id });
      if (changed.includes('refund_queue_time')) {
        await trx.raw(
          `UPDATE refund_queue SET next_attempt_at = ((next_attempt_at AT TIME ZONE ?)::date + ?::time) AT TIME ZONE ? WHERE status = 'queued'`,
          [timeZone, input.refund_queue_time, timeZone],
        );
      }
      await recordEvent(trx, {
        actor: actorOf(user),
        kind: 'settings.changed',
        subject: { type: 'settings', id: 1 },
        summary: `Changed settings: ${changed.map((k) => k.replace(/_/g, ' ')).join(', ')}`,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, input[k]])),
      });
    }
    return getSettings(trx as unknown as Db);
  });
}

export const notifyEmails = (db: Db) => db('notify_emails').select('id', 'email').orderBy('email');

export const notifyEmailCommand = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address, like ops@example.com.').max(200),
});

export async function addNotifyEmail(
  db: Db,
  user: SessionUser,
  email: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  return db.transaction(async (trx) => {
    const inserted = await trx('notify_emails')
      .insert({ email, created_by: user.id })
      .onConflict('email')
      .ignore()
      .returning('id');
    if (!inserted.length) return { ok: false, message: `${email} is already on the list.` };
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'settings.notify_email_added',
      subject: { type: 'notify_email', id: inserted[0].id },
      summary: `Added ${email} to the notify emails`,
      after: { email },
    });
    return { ok: true };
  });
}

export async function removeNotifyEmail(db: Db, user: SessionUser, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const row = await trx('notify_emails').where({ id }).del().returning('email');
    if (!row.length) throw new NotFoundError('That email');
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'settings.notify_email_removed',
      subject: { type: 'notify_email', id },
      summary: `Removed ${row[0].email} from the notify emails`,
      before: { email: row[0].email },
    });
  });
}
