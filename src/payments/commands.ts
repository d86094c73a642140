import { z } from 'zod';
import { parseMoney } from '../lib/money';
import { ids } from '../orders/commands';

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

/** A void cancels the whole charge: it has no amount field, and an amount sent with it is never read. */
export const voidCommand = (reasons: string[]) =>
  z.object({
    idempotency_key: key,
    reason: z.string().refine((r) => reasons.includes(r), 'Choose a reason from the list.'),
  });

export const bulkRefund = (reasons: string[]) =>
  z.object({
    ids: ids.refine((v) => v.length > 0, 'Select at least one charge to refund.'),
    reason: z.string().refine((r) => reasons.includes(r), 'Choose a reason from the list.'),
    idempotency_key: z.string().min(8, 'This form is missing its key; reload the page.'),
    back: z
      .string()
      .regex(/^\/[a-z0-9/-]*$/i)
      .optional(),
  });
