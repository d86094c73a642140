import { z } from 'zod';
import { parseMoney } from '../lib/money';
import { parseId } from './params';

/**
 * The one place zod's findings become sentences an agent reads. A schema's own message wins; every
 * issue without one ("Too big: expected string to have <=100 characters") is worded here instead,
 * with the field's label, so library wording never reaches a page.
 */
const LABELS = new Map<string, string>([
  ['value', 'Value'],
  ['unit_price', 'Price'],
  ['next_bill_date', 'Next bill date'],
  ['restart_date', 'Restart date'],
  ['product_option_id', 'Option'],
  ['idempotency_key', 'This form'],
  ['source_id', 'The customer to merge'],
  ['ids', 'The charges'],
  ['custom1', 'Custom 1'],
  ['custom2', 'Custom 2'],
  ['cycle_days', 'Cycle'],
]);

/** "billing_postal_code" → "Postal code": the label an agent sees next to the field. */
export function labelOf(field: string): string {
  const known = LABELS.get(field);
  if (known) return known;
  const words =
    field
      .replace(/^(billing|shipping)_/, '')
      .replace(/_/g, ' ')
      .trim() || 'This field';
  return words[0].toUpperCase() + words.slice(1);
}

type Issue = z.core.$ZodRawIssue;

export function ourWording(issue: Issue): string {
  const last = [...(issue.path ?? [])].reverse().find((p) => typeof p === 'string');
  const label = labelOf(typeof last === 'string' ? last : '');
  const lower = label === 'This field' ? 'this field' : label.toLowerCase();
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string') return `${label} is too long (at most ${issue.maximum} characters).`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Choose at most ${issue.maximum}.`;
      return `${label} can be at most ${issue.maximum}.`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? `Enter the ${lower}.`
          : `${label} needs at least ${issue.minimum} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return 'Choose at least one.';
      return `${label} must be at least ${issue.minimum}.`;
    case 'invalid_type':
      if (issue.input === undefined || issue.input === '') return `Enter the ${lower}.`;
      if (issue.expected === 'number' || issue.expected === 'int' || issue.expected === 'bigint')
        return `${label} must be a number.`;
      return `${label} is not valid.`;
    case 'invalid_value':
      return `Choose one of the offered values for ${lower}.`;
    case 'invalid_format':
      if (issue.format === 'email') return 'Enter a valid email address, like name@example.com.';
      return `${label} is not in the expected form.`;
    default:
      return `${label} is not valid.`;
  }
}

// Installed when this module loads: every handler that validates imports it.
z.config({ customError: ourWording });

/** The first message for each field of a failed parse, keyed by the field's name (`_` for the form). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    out[key] ??= issue.message;
  }
  return out;
}

/** True for a day the calendar has: "2026-02-30", "2026-13-45" and "2099-99-99" are not. */
export function isCalendarDay(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** A calendar day typed in a form or a query string ('YYYY-MM-DD', a real date). */
export const calendarDay = (message = 'Use a real date like 2026-11-23.') =>
  z.string().trim().refine(isCalendarDay, message);

/** An optional calendar day: empty means none. */
export const optionalDay = (message?: string) =>
  z.union([z.literal('').transform(() => undefined), calendarDay(message)]).optional();

// The fields several forms share, written once so every form words them the same way.

/** The hidden key every money form carries, so a resubmitted form is recognised and never acts twice. */
export const idempotencyKey = z.string().trim().min(8, 'This form is missing its key; reload the page.').max(100);

/** A reason picked from an admin-managed list (refund, cancellation…). */
export const reasonFrom = (reasons: string[]) =>
  z.string().refine((r) => reasons.includes(r), 'Choose a reason from the list.');

/** Checkboxes of ids: none, one or several; anything that is not an id is dropped. */
export const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(parseId).filter((n): n is number => n !== null),
  );

/**
 * An amount typed as dollars and cents ("39.95") → integer cents. Empty is `undefined` unless
 * required; `invalid` is the sentence for anything else (and for less than a cent when `positive`).
 */
export const moneyField = (o: { invalid: string; required?: string; positive?: boolean }) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) {
        if (o.required) ctx.addIssue({ code: 'custom', message: o.required });
        return undefined;
      }
      const cents = parseMoney(v);
      if (cents === null || (o.positive && cents < 1)) {
        ctx.addIssue({ code: 'custom', message: o.invalid });
        return z.NEVER;
      }
      return cents;
    });
