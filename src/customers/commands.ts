import { z } from 'zod';
import { isCountryCode, postalCodeExample } from '../lib/countries';
import { MAX_ID } from '../http/params';

const optional = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} is too long (at most ${max} characters).`)
    .optional()
    .transform((v) => v || null);

const email = z
  .string()
  .trim()
  .toLowerCase()
  .optional()
  .transform((v) => v || null)
  .refine(
    (v) => v === null || z.string().email().safeParse(v).success,
    'Enter a valid email address, like name@example.com.',
  );

const phone = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null)
  .refine(
    (v) =>
      v === null || (/^[\d\s()+.-]+$/.test(v) && v.replace(/\D/g, '').length >= 7 && v.replace(/\D/g, '').length <= 15),
    'Enter a phone number of 7 to 15 digits.',
  );

const country = z
  .string()
  .trim()
  .toUpperCase()
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || isCountryCode(v), 'Use the two-letter ISO country code, like US, GB or DE.');

const contact = z.object({
  first_name: z.string().trim().min(1, 'Enter the first name.').max(100),
  last_name: z.string().trim().max(100).default(''),
  email,
  phone,
});

const addressFields = (p: 'billing' | 'shipping') => ({
  [`${p}_address1`]: optional(200, 'Address'),
  [`${p}_address2`]: optional(200, 'Address line 2'),
  [`${p}_city`]: optional(100, 'City'),
  [`${p}_state`]: optional(100, 'State'),
  [`${p}_postal_code`]: optional(20, 'Postal code'),
  [`${p}_country`]: country,
});

const REQUIRED_PARTS = [
  ['address1', 'Enter the street and number.'],
  ['city', 'Enter the city.'],
  ['postal_code', 'Enter the postal code.'],
  ['country', 'Enter the country code, like US.'],
] as const;

/**
 * An address is empty or complete: once any part is typed, street, city, postal code and country are
 * needed (a parcel cannot go out without them), and the postal code has the country's shape where known.
 */
function completeAddress(p: 'billing' | 'shipping', v: Record<string, string | null>, ctx: z.RefinementCtx) {
  const keys = Object.keys(addressFields(p));
  if (!keys.some((k) => v[k])) return;
  for (const [part, message] of REQUIRED_PARTS)
    if (!v[`${p}_${part}`]) ctx.addIssue({ code: 'custom', path: [`${p}_${part}`], message });
  const [code, postal] = [v[`${p}_country`], v[`${p}_postal_code`]];
  const example = code && postal ? postalCodeExample(code, postal) : null;
  if (example)
    ctx.addIssue({
      code: 'custom',
      path: [`${p}_postal_code`],
      message: `That is not a ${code} postal code; it looks like ${example}.`,
    });
}

const address = (p: 'billing' | 'shipping') =>
  z.object(addressFields(p)).superRefine((v, ctx) => completeAddress(p, v as Record<string, string | null>, ctx));

const other = z.object({
  custom1: optional(200, 'Custom 1'),
  custom2: optional(200, 'Custom 2'),
  membership_login: optional(100, 'Membership login'),
  membership_password: z
    .string()
    .max(200)
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || v.length >= 8, 'A membership password needs at least 8 characters.'),
});

/** Where the customer came from: the UTM fields, the affiliate and the affiliate's sub-ids. */
const lead = z.object({
  utm_source: optional(200, 'UTM source'),
  utm_medium: optional(200, 'UTM medium'),
  utm_campaign: optional(200, 'UTM campaign'),
  utm_term: optional(200, 'UTM term'),
  utm_content: optional(200, 'UTM content'),
  affiliate_id: optional(100, 'Affiliate'),
  sub_id1: optional(200, 'Sub-id 1'),
  sub_id2: optional(200, 'Sub-id 2'),
  sub_id3: optional(200, 'Sub-id 3'),
});

/** The profile's editable blocks and the command each one accepts. */
export const BLOCKS = { contact, billing: address('billing'), shipping: address('shipping'), other, lead } as const;
export type Block = keyof typeof BLOCKS;
export const isBlock = (v: string): v is Block => Object.hasOwn(BLOCKS, v);

export const BLOCK_TITLES: Record<Block, string> = {
  contact: 'Contact',
  billing: 'Billing address',
  shipping: 'Shipping address',
  other: 'Other info',
  lead: 'Lead source',
};

export const newCustomer = contact
  .extend({ ...addressFields('billing'), confirm_duplicate: z.string().optional() })
  .superRefine((v, ctx) => completeAddress('billing', v as unknown as Record<string, string | null>, ctx));

export const note = z.object({
  body: z.string().trim().min(1, 'Write the note first.').max(5000, 'A note has at most 5,000 characters.'),
});

export const tag = z.object({
  tag: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Type a tag.')
    .max(30, 'A tag has at most 30 characters.')
    .regex(/^[a-z0-9][a-z0-9 _-]*$/, 'Tags use letters, digits, spaces, - and _.'),
});

export const merge = z.object({
  source_id: z.coerce
    .number()
    .int()
    .positive('Choose the customer to merge.')
    .max(MAX_ID, 'Choose the customer to merge.'),
});
