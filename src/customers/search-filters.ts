import { z } from 'zod';
import { optionalDay } from '../http/forms';
import { MAX_ID } from '../http/params';
import { PURCHASE_STATUSES } from '../subscriptions/states';

export { PURCHASE_STATUSES };

/** A KYC document's status (src/portal/kyc-rules.ts): requested, pending review, accepted, rejected. */
export const KYC_FILTERS = ['requested', 'pending', 'accepted', 'rejected'] as const;

export const ORDER_STATUSES = ['partial', 'pending', 'complete', 'declined', 'refunded', 'cancelled'] as const;

const text = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => v || undefined);
const day = optionalDay();

/** The search filters, as they appear in the query string (shareable URLs). */
export const searchFilters = z.object({
  q: text,
  name: text,
  email: text,
  phone: text,
  order: text,
  last4: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || /^\d{4}$/.test(v), 'Card last 4 is four digits.'),
  from: day,
  to: day,
  order_status: z
    .enum(ORDER_STATUSES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  subscription_status: z
    .enum(PURCHASE_STATUSES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  tag: text,
  kyc: z
    .enum(KYC_FILTERS)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // A custom field: customers with any value for `cf_name`, or with exactly `cf_value` (any case) there.
  cf_name: text,
  cf_value: text,
  segment: z
    .enum(['leads', 'customers'])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  after: z.coerce
    .number()
    .int()
    .positive()
    .max(MAX_ID)
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

/** `exact` is set by the search rule (search-rule.ts), never by the URL: the schema drops unknown keys. */
export type SearchFilters = Partial<z.infer<typeof searchFilters>> & { exact?: boolean };
