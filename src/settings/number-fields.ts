import { z } from 'zod';

/**
 * A whole number from the settings form within the column's CHECK bounds. Left out of a form (an older
 * page, an API client): unchanged. Blank is refused, not read as 0.
 */
const wholeNumber = (max: number, messages: { blank: string; whole: string; min: string; max: string }) =>
  z
    .preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? Number.NaN : v),
      z.coerce.number({ message: messages.blank }).int(messages.whole).min(0, messages.min).max(max, messages.max),
    )
    .optional();

/** How many days before a rebill the reminder email goes out (src/portal/reminders.ts); 0 sends none. */
export const MAX_REMINDER_DAYS = 30;
export const reminderDaysField = {
  rebill_reminder_days: wholeNumber(MAX_REMINDER_DAYS, {
    blank: 'Enter a number of days, 0 to send no reminder.',
    whole: 'Enter whole days.',
    min: 'Enter 0 or more days (0 sends no reminder).',
    max: `At most ${MAX_REMINDER_DAYS} days before the rebill.`,
  }),
};

/** The share of new orders the QA queue holds at random (src/qa/rules.ts). */
export const qaSampleField = {
  qa_sample_percent: wholeNumber(100, {
    blank: 'Enter a percentage, 0 to hold no order at random.',
    whole: 'Enter a whole percentage.',
    min: 'Enter 0 to 100.',
    max: 'Enter 0 to 100.',
  }),
};
