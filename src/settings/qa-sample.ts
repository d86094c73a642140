import { z } from 'zod';

/** The share of new orders the QA queue holds at random (src/qa/rules.ts), as the column's CHECK allows. */
export const qaSampleField = {
  // Left out of a form (an older page, an API client): unchanged. Blank is refused, not read as 0.
  qa_sample_percent: z
    .preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? Number.NaN : v),
      z.coerce
        .number({ message: 'Enter a percentage, 0 to hold no order at random.' })
        .int('Enter a whole percentage.')
        .min(0, 'Enter 0 to 100.')
        .max(100, 'Enter 0 to 100.'),
    )
    .optional(),
};
