import { z } from 'zod';

/**
 * How many days before a rebill the reminder email goes out (src/portal/reminders.ts); 0 sends none.
 * The same bounds as the column's CHECK, so the form refuses what the database would.
 */
export const MAX_REMINDER_DAYS = 30;
export const reminderDaysField = {
  // Left out of a form (an older page, an API client): unchanged. Blank is refused, not read as 0.
  rebill_reminder_days: z
    .preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? Number.NaN : v),
      z.coerce
        .number({ message: 'Enter a number of days, 0 to send no reminder.' })
        .int('Enter whole days.')
        .min(0, 'Enter 0 or more days (0 sends no reminder).')
        .max(MAX_REMINDER_DAYS, `At most ${MAX_REMINDER_DAYS} days before the rebill.`),
    )
    .optional(),
};
