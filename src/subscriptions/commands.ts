import { z } from 'zod';
import { calendarDay, moneyField } from '../http/forms';
import { MAX_ID } from '../http/params';

export const futureDay = (today: string, label: string) =>
  calendarDay(`Enter the ${label} as a real date, like ${today}.`).refine(
    (d) => d >= today,
    `The ${label} cannot be in the past.`,
  );

/** The validated input of each action; `today` is the account's calendar day. */
export const commands = (today: string) => ({
  change: z.object({
    quantity: z.coerce
      .number({ message: 'Enter a whole number of 1 or more.' })
      .int('Enter a whole number of 1 or more.')
      .min(1, 'Enter a whole number of 1 or more.')
      .max(99),
    unit_price: moneyField({ invalid: 'Enter a price like 39.95.', required: 'Enter a price like 39.95.' }),
    price_scope: z.enum(['always', 'next']).default('always'),
    next_bill_date: futureDay(today, 'billing date'),
    product_option_id: z.coerce.number().int().positive().max(MAX_ID),
  }),
  resume: z.object({
    next_bill_date: z.union([z.literal('').transform(() => undefined), futureDay(today, 'billing date')]).optional(),
  }),
});
