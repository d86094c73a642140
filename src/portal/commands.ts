import { z } from 'zod';
import { DEFAULT_DAYS, MAX_DAYS, PURPOSES } from './links';

/** The agent's "send a portal link" form. */
export const newLink = z.object({
  purpose: z.enum(PURPOSES, { message: 'Choose what the link is for.' }),
  days: z.coerce
    .number({ message: 'Enter the number of days.' })
    .int('Enter whole days.')
    .min(1, 'A link is valid for at least 1 day.')
    .max(MAX_DAYS, `A link is valid for at most ${MAX_DAYS} days.`)
    .default(DEFAULT_DAYS),
  email: z.literal('1').optional().transform(Boolean),
});

/** The test gateway's card form: a sandbox number and an expiry in the future. */
export const newCard = (now: Date) =>
  z
    .object({
      card_number: z
        .string()
        .transform((v) => v.replace(/[\s-]/g, ''))
        .pipe(z.string().regex(/^\d{13,19}$/, 'Enter the card number (13 to 19 digits).')),
      exp_month: z.coerce.number().int().min(1, 'Choose the month.').max(12, 'Choose the month.'),
      exp_year: z.coerce
        .number({ message: 'Enter the year, like 2030.' })
        .int('Enter the year, like 2030.')
        .min(now.getUTCFullYear(), 'This card has expired.')
        .max(now.getUTCFullYear() + 20, 'Enter the year, like 2030.'),
    })
    .refine((v) => v.exp_year * 12 + v.exp_month >= now.getUTCFullYear() * 12 + now.getUTCMonth() + 1, {
      path: ['exp_month'],
      message: 'This card has expired.',
    });

/** The portal's cancel form: a reason from the merchant's list, or none ("prefer not to say"). */
export const portalCancel = (reasons: string[]) =>
  z.object({
    reason: z
      .string()
      .optional()
      .default('')
      .refine((v) => v === '' || reasons.includes(v), 'Choose a reason from the list, or none.'),
  });

/** The click-to-cancel page: the email on the order and the order id printed on the receipt. */
export const cancelRequest = z.object({
  email: z.string().trim().toLowerCase().email('Enter the email address you ordered with.').max(200),
  order_id: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{6,12}$/, 'Enter the order ID from your receipt (6 to 12 letters and digits).'),
});
