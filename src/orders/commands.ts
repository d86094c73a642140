import { z } from 'zod';
import { idempotencyKey, idList, moneyField, reasonFrom } from '../http/forms';
import { refundOptions, ticked } from '../payments/commands';

export const cancelOrder = (reasons: string[]) =>
  z.object({
    reason: reasonFrom(reasons),
    items: idList,
    refund: z.literal('1').optional().transform(Boolean),
    idempotency_key: idempotencyKey,
  });

/** "Cancel the order after the refund?" needs a cancellation reason of its own, and only then. */
export const refundOrder = (reasons: string[], cancelReasons: string[]) =>
  z
    .object({
      reason: reasonFrom(reasons),
      sales: idList.refine((v) => v.length > 0, 'Choose at least one charge to void or refund.'),
      idempotency_key: idempotencyKey,
      cancel: ticked,
      cancel_reason: z.string().optional(),
      ...refundOptions,
    })
    .superRefine((v, ctx) => {
      if (v.cancel && !cancelReasons.includes(v.cancel_reason ?? ''))
        ctx.addIssue({
          code: 'custom',
          path: ['cancel_reason'],
          message: 'Choose a cancellation reason from the list.',
        });
    });

export const refundLine = (reasons: string[]) =>
  z.object({
    reason: reasonFrom(reasons),
    amount: moneyField({ invalid: 'Enter an amount like 5.00.', positive: true }),
    idempotency_key: idempotencyKey,
    ...refundOptions,
  });
