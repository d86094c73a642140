import { z } from 'zod';
import { idList } from '../http/forms';
import { parseMoney } from '../lib/money';
import { parseReduction, type RecycleAttempt } from './recycle-rule';

/** How many attempt rows the profile form offers; an empty row is no attempt. */
export const ATTEMPT_ROWS = 5;

/**
 * The profile form: a name, the default box, the products using it, and up to five attempt rows
 * (`delay_days_<i>`, `reduction_<i>` as "10%" or "2.50", `min_price_<i>`). A row without a delay is
 * skipped; a reduction or minimum without a delay is an error on that row.
 */
export const recycleProfileCommand = z
  .looseObject({
    name: z.string().trim().min(1, 'Enter a name for the profile.').max(80),
    is_default: z
      .string()
      .optional()
      .transform((v) => v === '1'),
    product_ids: idList,
  })
  .transform((v, ctx) => {
    const attempts: RecycleAttempt[] = [];
    for (let i = 0; i < ATTEMPT_ROWS; i++) {
      const cell = (k: string) => String(v[`${k}_${i}`] ?? '').trim();
      const [delay, reduction, min] = [cell('delay_days'), cell('reduction'), cell('min_price')];
      if (!delay && !reduction && !min) continue;
      const issue = (field: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: [`${field}_${i}`], message });
      if (!/^\d{1,2}$/.test(delay) || Number(delay) < 1 || Number(delay) > 30) {
        issue('delay_days', 'Enter a delay of 1 to 30 days.');
        continue;
      }
      const r = parseReduction(reduction, parseMoney);
      if (r === undefined) issue('reduction', 'Enter a reduction like 10% or 2.50, or leave it empty.');
      const minCents = min ? parseMoney(min) : null;
      if (minCents === null && min) issue('min_price', 'Enter a minimum price like 19.95, or leave it empty.');
      attempts.push({ delay_days: Number(delay), reduction: r ?? null, min_price_cents: minCents });
    }
    return { name: v.name, is_default: v.is_default, product_ids: v.product_ids, attempts };
  });
