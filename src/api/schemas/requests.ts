import { z } from 'zod';
import { MAX_ID } from '../../http/params';

/**
 * The shapes the API accepts. Types and sizes are checked here (and documented from here); the
 * business rules (a complete address, a country's postal code, a refund reason from the list) are the
 * same services' and commands' as the pages', so the API and the forms cannot disagree.
 */
const text = (max: number) => z.string().max(max).nullable().optional();
const address = z
  .object({
    address1: text(200),
    address2: text(200),
    city: text(100),
    state: text(100),
    postal_code: text(20),
    country: text(2).describe('ISO 3166-1 alpha-2, e.g. US'),
  })
  .strict();

const customerFields = {
  first_name: z.string().min(1).max(100),
  last_name: text(100),
  email: text(254),
  phone: text(40),
  billing: address.optional(),
  shipping: address.optional(),
  custom1: text(200),
  custom2: text(200),
};

export const CustomerCreate = z
  .object(customerFields)
  .strict()
  .refine((c) => c.email || c.phone, { message: 'Send an email or a phone number.', path: ['email'] })
  .meta({ id: 'CustomerCreate' });

export const CustomerPatch = z
  .object({ ...customerFields, first_name: customerFields.first_name.optional() })
  .strict()
  .meta({ id: 'CustomerPatch' });

const id = z.int().min(1).max(MAX_ID);
const cents = z.int().min(0).max(100_000_000);
const Items = z
  .array(z.object({ sku: z.string().min(1).max(100), quantity: z.int().min(1).max(99) }).strict())
  .min(1)
  .max(50);

export const Payment = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('card_on_file'), card_id: id }).strict(),
    z
      .object({
        type: z.literal('card'),
        number: z.string().regex(/^\d{13,19}$/, 'Card numbers are 13 to 19 digits.'),
        exp_month: z.int().min(1).max(12).optional(),
        exp_year: z.int().min(2000).max(2100).optional(),
      })
      .strict()
      .describe('A card number: only the built-in test gateway takes numbers (see /admin/test-cards)'),
    z
      .object({
        type: z.literal('token'),
        token: z.string().min(4).max(200),
        brand: z.string().min(1).max(30),
        last4: z.string().regex(/^\d{4}$/),
        exp_month: z.int().min(1).max(12),
        exp_year: z.int().min(2000).max(2100),
      })
      .strict(),
    z
      .object({
        type: z.literal('external'),
        gateway_reference: z.string().min(1).max(200),
        amount_cents: cents,
        status: z.enum(['approved', 'declined']),
        message: z.string().max(500).optional(),
      })
      .strict()
      .describe('A charge the storefront made itself: recorded and booked, never sent to a gateway'),
  ])
  .meta({ id: 'Payment' });

export const OrderCreate = z
  .object({
    customer_id: id.optional(),
    customer: CustomerCreate.optional().describe('Inline: deduplicated like POST /customers'),
    items: Items,
    shipping_cents: cents.default(0),
    payment: Payment,
  })
  .strict()
  .refine((o) => (o.customer_id === undefined) !== (o.customer === undefined), {
    message: 'Send either customer_id or customer.',
    path: ['customer_id'],
  })
  .meta({ id: 'OrderCreate' });

export const UpsellCreate = z
  .object({ items: Items, payment: Payment.optional().describe('Default: the card the order was paid with') })
  .strict()
  .meta({ id: 'UpsellCreate' });

export const RefundCreate = z
  .object({ amount_cents: z.int().min(1).max(100_000_000).optional(), reason: z.string().min(1).max(200) })
  .strict()
  .meta({ id: 'RefundCreate' });

export const VoidCreate = z
  .object({ reason: z.string().min(1).max(200) })
  .strict()
  .meta({ id: 'VoidCreate' });

export const FulfillmentPatch = z
  .discriminatedUnion('status', [
    z
      .object({
        status: z.literal('shipped'),
        carrier: z.string().min(1).max(50),
        tracking_number: z.string().min(1).max(60),
      })
      .strict(),
    z.object({ status: z.literal('delivered') }).strict(),
    z.object({ status: z.literal('returned') }).strict(),
  ])
  .meta({ id: 'FulfillmentPatch' });

export const CancellationCreate = z
  .object({ reason: z.string().min(1).max(200), when: z.enum(['now', 'after_next']).default('now') })
  .strict()
  .meta({ id: 'CancellationCreate' });

const cursor = z.string().max(200).optional();
const day = z.iso.datetime({ offset: true }).or(z.iso.date()).optional();

export const CustomerQuery = z
  .object({
    email: z.string().max(254).optional(),
    phone: z.string().max(40).optional(),
    order: z.string().max(12).optional(),
    last4: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
    updated_since: day,
    cursor,
  })
  .strict();

export const TransactionQuery = z
  .object({
    customer: z
      .string()
      .regex(/^[1-9]\d{0,9}$/)
      .optional(),
    order: z.string().max(12).optional(),
    since: day,
    cursor,
  })
  .strict();
