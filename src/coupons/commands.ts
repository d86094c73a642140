import { z } from 'zod';
import { moneyField, optionalDay } from '../http/forms';

const count = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!/^\d{1,4}$/.test(v) || Number(v) < 1) {
        ctx.addIssue({ code: 'custom', message: `${label} is a whole number from 1 to 9999.` });
        return z.NEVER;
      }
      return Number(v);
    });

export const couponCode = z
  .string()
  .trim()
  .toUpperCase()
  .min(1, 'Type the coupon code.')
  .regex(/^[A-Z0-9_-]{2,40}$/, 'A code is 2 to 40 letters, digits, - or _.');

/** The admin's new-coupon form: percent or amount off, for once, N or every cycle, between two days, up to a limit. */
export const newCoupon = z
  .object({
    code: couponCode,
    kind: z.enum(['percent', 'amount']),
    percent_off: count('The percentage'),
    amount_off: moneyField({ invalid: 'Enter an amount like 5.00.', positive: true }),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code, like USD.')
      .default('USD'),
    duration: z.enum(['once', 'cycles', 'forever']),
    cycles: count('The number of cycles'),
    valid_from: optionalDay(),
    valid_until: optionalDay(),
    max_redemptions: count('The redemption limit'),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.kind === 'percent' && (v.percent_off === null || v.percent_off > 100))
      issue('percent_off', 'Enter a percentage from 1 to 100.');
    if (v.kind === 'amount' && v.amount_off === undefined) issue('amount_off', 'Enter the amount off, like 5.00.');
    if (v.duration === 'cycles' && v.cycles === null) issue('cycles', 'Enter for how many cycles.');
    if (v.valid_from && v.valid_until && v.valid_until < v.valid_from)
      issue('valid_until', 'The last day cannot be before the first.');
  })
  .transform((v) => ({
    code: v.code,
    percent_off: v.kind === 'percent' ? v.percent_off : null,
    amount_off_cents: v.kind === 'amount' ? (v.amount_off ?? null) : null,
    currency: v.kind === 'amount' ? v.currency : null,
    cycles: v.duration === 'once' ? 1 : v.duration === 'forever' ? null : v.cycles,
    valid_from: v.valid_from ?? null,
    valid_until: v.valid_until ?? null,
    max_redemptions: v.max_redemptions,
  }));
export type NewCoupon = z.output<typeof newCoupon>;

export const redemption = z.object({
  code: couponCode,
  purchase_id: z.coerce
    .number()
    .int()
    .positive('Choose the subscription.')
    .max(2 ** 31 - 1, 'Choose the subscription.'),
});
