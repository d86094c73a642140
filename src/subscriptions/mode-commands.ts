import { z } from 'zod';
import { idempotencyKey, reasonFrom } from '../http/forms';
import { ticked } from '../payments/commands';
import { futureDay } from './commands';
import { CANCEL_MODES, PAUSE_MODES } from './schedules';

/**
 * The cancel and pause forms of the purchase page (`today` is the account's calendar day). A date is
 * needed only for "on a date"; a refund reason only when "refund the last billing" is ticked.
 */
export const modeCommands = (today: string, cancelReasons: string[], refundReasons: string[]) => ({
  cancel: z
    .object({
      mode: z.enum(CANCEL_MODES, { message: 'Choose when the subscription is cancelled.' }),
      reason: reasonFrom(cancelReasons),
      date: z.string().optional(),
      continue_billing: ticked,
      refund_last: ticked,
      refund_reason: z.string().optional(),
      idempotency_key: idempotencyKey,
    })
    .superRefine((v, ctx) => {
      if (v.mode === 'on_date') {
        const day = futureDay(today, 'cancellation date').refine((d) => d > today, 'Choose a day after today.');
        const parsed = day.safeParse(v.date ?? '');
        if (!parsed.success) ctx.addIssue({ code: 'custom', path: ['date'], message: parsed.error.issues[0].message });
      }
      if (v.refund_last && !refundReasons.includes(v.refund_reason ?? ''))
        ctx.addIssue({ code: 'custom', path: ['refund_reason'], message: 'Choose a refund reason from the list.' });
    }),
  pause: z.object({
    mode: z.enum(PAUSE_MODES).default('now'),
    restart_date: futureDay(today, 'restart date').refine((d) => d > today, 'The restart date must be after today.'),
  }),
});
