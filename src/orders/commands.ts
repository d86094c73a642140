import { z } from 'zod';
import { parseId } from '../http/params';

export const ids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(parseId).filter((n): n is number => n !== null),
  );

export const cancelOrder = (reasons: string[]) =>
  z.object({
    reason: z.string().refine((r) => reasons.includes(r), 'Choose a reason from the list.'),
    items: ids,
    refund: z.literal('1').optional().transform(Boolean),
    idempotency_key: z.string().min(8, 'This form is missing its key; reload the page.'),
  });

export const refundOrder = (reasons: string[]) =>
  z.object({
    reason: z.string().refine((r) => reasons.includes(r), 'Choose a reason from the list.'),
    sales: ids.refine((v) => v.length > 0, 'Choose at least one charge to void or refund.'),
    idempotency_key: z.string().min(8, 'This form is missing its key; reload the page.'),
  });
