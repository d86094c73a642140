import { z } from 'zod';
import { idempotencyKey, moneyField, reasonFrom } from '../http/forms';
import { MAX_ID } from '../http/params';

const optionalId = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      if (!/^\d{1,10}$/.test(v) || Number(v) < 1 || Number(v) > MAX_ID) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return Number(v);
    });

/** A new credit memo: an amount, a reason from the admin's list, and the order it is for, if any. */
export const newMemo = (reasons: string[]) =>
  z.object({
    amount_cents: moneyField({
      invalid: 'Enter an amount like 10.00 (at least one cent).',
      required: 'Enter the amount of credit.',
      positive: true,
    }).pipe(z.number()),
    reason: reasonFrom(reasons),
    source_order_id: optionalId('Choose one of the customer’s orders.'),
    idempotency_key: idempotencyKey,
  });

export const voidMemo = z.object({
  void_reason: z.string().trim().min(1, 'Say why the credit is voided.').max(300, 'At most 300 characters.'),
});
