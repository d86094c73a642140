import { z } from 'zod';
import { parseMoney } from '../lib/money';

const key = z.string().trim().min(8, 'This form is missing its key; reload the page.').max(100);

export const refund = (reasons: string[]) =>
  z.object({
    idempotency_key: key,
    reason: z.string().refine((r) => reasons.includes(r), 'Choose a reason from the list.'),
    amount: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return undefined;
        const cents = parseMoney(v);
        if (cents === null || cents < 1) {
          ctx.addIssue({ code: 'custom', message: 'Enter an amount like 5.00.' });
          return z.NEVER;
        }
        return cents;
      }),
  });

export const voidCommand = (reasons: string[]) =>
  z.object({ idempotency_key: key, reason: z.string().refine((r) => reasons.includes(r), 'Choose a reason from the list.') });
