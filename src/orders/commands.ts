import { z } from 'zod';
import { idempotencyKey, idList, reasonFrom } from '../http/forms';

export const cancelOrder = (reasons: string[]) =>
  z.object({
    reason: reasonFrom(reasons),
    items: idList,
    refund: z.literal('1').optional().transform(Boolean),
    idempotency_key: idempotencyKey,
  });

export const refundOrder = (reasons: string[]) =>
  z.object({
    reason: reasonFrom(reasons),
    sales: idList.refine((v) => v.length > 0, 'Choose at least one charge to void or refund.'),
    idempotency_key: idempotencyKey,
  });
