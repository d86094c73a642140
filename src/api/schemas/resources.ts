import { z } from 'zod';

/** What the API answers with: the serializers in src/api/present.ts build exactly these shapes. */
const when = z.iso.datetime({ offset: true });
const text = z.string().nullable();
const address = z.object({
  address1: text,
  address2: text,
  city: text,
  state: text,
  postal_code: text,
  country: text,
});

export const Customer = z
  .object({
    id: z.int(),
    segment: z.enum(['lead', 'customer']).describe('lead: no successful payment yet'),
    first_name: z.string(),
    last_name: z.string(),
    email: text,
    phone: text,
    billing: address,
    shipping: address,
    custom1: text,
    custom2: text,
    tags: z.array(z.string()),
    created_at: when,
    updated_at: when,
  })
  .meta({ id: 'Customer' });

export const Transaction = z
  .object({
    id: z.int(),
    type: z.enum(['sale', 'refund', 'void', 'credit']),
    status: z.string(),
    customer_id: z.int(),
    order_id: text.describe('The order public id'),
    purchase_id: z.int().nullable(),
    parent_id: z.int().nullable(),
    amount_cents: z.int(),
    refunded_cents: z.int(),
    currency: z.string(),
    gateway: z.string(),
    gateway_message: text,
    reason: text,
    created_at: when,
  })
  .meta({ id: 'Transaction' });

export const Fulfillment = z
  .object({
    id: z.int(),
    order_id: z.string(),
    customer_id: z.int(),
    reference: z.string(),
    status: z.enum(['hold', 'pending', 'shipped', 'delivered', 'cancelled', 'returned', 'failed']),
    carrier: text,
    tracking_number: text,
    shipped_at: when.nullable(),
    items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.int() })),
  })
  .meta({ id: 'Fulfillment' });

export const Purchase = z
  .object({
    id: z.int(),
    order_id: z.string(),
    customer_id: z.int(),
    status: z.string(),
    sku: z.string(),
    name: z.string(),
    quantity: z.int(),
    unit_price_cents: z.int(),
    currency: z.string(),
    billing_cycle: z.int(),
    next_bill_date: z.iso.date().nullable(),
    trial_end: z.iso.date().nullable(),
    cancel_reason: text,
    cancelled_at: when.nullable(),
  })
  .meta({ id: 'Purchase' });

export const Order = z
  .object({
    id: z.string().describe('The public order id, e.g. K7Q2M9XA'),
    customer_id: z.int(),
    status: z.enum(['partial', 'pending', 'complete', 'declined', 'refunded', 'cancelled']),
    decline_reason: text,
    currency: z.string(),
    shipping_cents: z.int(),
    items: z.array(
      z.object({
        id: z.int(),
        sku: z.string(),
        name: z.string(),
        quantity: z.int(),
        unit_price_cents: z.int(),
        cancelled: z.boolean(),
      }),
    ),
    transactions: z.array(Transaction),
    fulfillments: z.array(Fulfillment),
    purchases: z.array(Purchase),
    created_at: when,
  })
  .meta({ id: 'Order' });

/** The answer to placing an order or an upsell: the order, and what the payment did and why. */
export const OrderOutcome = z
  .object({
    outcome: z.enum(['approved', 'declined', 'blocked', 'errored']),
    message: z.string(),
    order: Order,
  })
  .meta({ id: 'OrderOutcome' });

export const MoneyBack = z
  .object({ outcome: z.enum(['approved', 'queued']), message: z.string(), transaction: Transaction })
  .meta({ id: 'MoneyBack' });

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable().describe('Pass as ?cursor= for the next page') });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    code: z.string().describe('Stable, snake_case: what went wrong'),
    detail: z.string(),
    errors: z.record(z.string(), z.string()).optional().describe('Field (JSON path) → what is wrong with it'),
  })
  .meta({ id: 'Problem' });
