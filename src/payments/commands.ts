import { z } from 'zod';
import { idempotencyKey, idList, moneyField, reasonFrom } from '../http/forms';

/** A ticked checkbox: present as "1", absent when not ticked. */
export const ticked = z.literal('1').optional().transform(Boolean);

/** "Refunded externally" and whether that refund emails the customer (a refund sent to the gateway always does). */
export const refundOptions = { external: ticked, notify: ticked };

export const refund = (reasons: string[]) =>
  z.object({
    idempotency_key: idempotencyKey,
    reason: reasonFrom(reasons),
    amount: moneyField({ invalid: 'Enter an amount like 5.00.', positive: true }),
    ...refundOptions,
  });

/** A void cancels the whole charge: it has no amount field, and an amount sent with it is never read. */
export const voidCommand = (reasons: string[]) =>
  z.object({ idempotency_key: idempotencyKey, reason: reasonFrom(reasons), notify: ticked });

export const bulkRefund = (reasons: string[]) =>
  z.object({
    ids: idList.refine((v) => v.length > 0, 'Select at least one charge to refund.'),
    reason: reasonFrom(reasons),
    idempotency_key: idempotencyKey,
    back: z
      .string()
      .regex(/^\/[a-z0-9/-]*$/i)
      .optional(),
  });
