import { z } from 'zod';
import { BLOCKS } from '../customers/commands';
import { idempotencyKey, moneyField } from '../http/forms';
import { parseId } from '../http/params';
import { OUTSIDE_LABELS } from '../payments/collections';

const month = z.coerce
  .number({ message: 'Use the month as a number from 1 to 12.' })
  .int('Use the month as a number from 1 to 12.')
  .min(1, 'Use the month as a number from 1 to 12.')
  .max(12, 'Use the month as a number from 1 to 12.');
const year = z.coerce
  .number({ message: 'Use the four-digit year, like 2029.' })
  .int('Use the four-digit year, like 2029.')
  .min(2000, 'Use the four-digit year, like 2029.')
  .max(2099, 'Use the four-digit year, like 2029.');

export const expiry = z.object({ exp_month: month, exp_year: year });

/** The card's own billing address: empty or complete, worded as the customer's billing block. */
export const billingAddress = BLOCKS.billing;

/** A typed card number (a sandbox gateway only): spaces and dashes are allowed as typed. */
export const newCard = expiry.extend({
  number: z
    .string()
    .transform((v) => v.replace(/[\s-]/g, ''))
    .refine((v) => /^\d{12,19}$/.test(v), 'Enter the card number: 12 to 19 digits.'),
  make_default: z.string().optional(),
});

const cardId = z
  .string({ message: 'Choose a card on file.' })
  .transform((v) => parseId(v))
  .refine((v): v is number => v !== null, 'Choose a card on file.');
const amount = moneyField({ invalid: 'Enter an amount like 25.00.', required: 'Enter the amount.', positive: true });
const description = z
  .string({ message: 'Say what it is for.' })
  .trim()
  .min(1, 'Say what it is for.')
  .max(200, 'Keep the description under 200 characters.');

export const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD'] as const;

export const payout = z.object({
  idempotency_key: idempotencyKey,
  card_id: cardId,
  amount,
  currency: z.enum(CURRENCIES, { message: 'Choose a currency from the list.' }),
  description,
  irreversible: z.literal('on', { message: 'Tick this to confirm: a payout cannot be reversed.' }),
  not_a_refund: z.string().optional(),
});

export const collection = z.discriminatedUnion(
  'source',
  [
    z.object({ source: z.literal('card'), idempotency_key: idempotencyKey, card_id: cardId, amount, description }),
    z.object({
      source: z.literal('outside'),
      idempotency_key: idempotencyKey,
      amount,
      description,
      method: z.string().refine((m) => Object.hasOwn(OUTSIDE_LABELS, m), 'Choose how it was paid.'),
      reference: z
        .string({ message: 'Enter the receipt or transfer reference.' })
        .trim()
        .min(1, 'Enter the receipt or transfer reference.')
        .max(100, 'Keep the reference under 100 characters.'),
    }),
  ],
  { message: 'Choose a card on file or a payment made outside.' },
);
