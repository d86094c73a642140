import type { z } from 'zod';
import type { Customer, Fulfillment, Order, Purchase, Transaction } from './schemas/resources';

/** Rows → the JSON of src/api/schemas/resources.ts (the OpenAPI document is built from the same schemas). */
type Row = Record<string, any>;
const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
const addressOf = (c: Row, p: 'billing' | 'shipping') => ({
  address1: c[`${p}_address1`],
  address2: c[`${p}_address2`],
  city: c[`${p}_city`],
  state: c[`${p}_state`],
  postal_code: c[`${p}_postal_code`],
  country: c[`${p}_country`],
});

export const customerJson = (c: Row): z.infer<typeof Customer> => ({
  id: c.id,
  segment: c.paid ? 'customer' : 'lead',
  first_name: c.first_name,
  last_name: c.last_name,
  email: c.email,
  phone: c.phone,
  billing: addressOf(c, 'billing'),
  shipping: addressOf(c, 'shipping'),
  custom1: c.custom1,
  custom2: c.custom2,
  tags: c.tags,
  created_at: iso(c.created_at)!,
  updated_at: iso(c.updated_at)!,
});

export const transactionJson = (t: Row): z.infer<typeof Transaction> => ({
  id: t.id,
  type: t.type,
  status: t.status,
  customer_id: t.customer_id,
  order_id: t.order_public_id ?? null,
  purchase_id: t.purchase_id,
  parent_id: t.parent_id,
  amount_cents: t.amount_cents,
  refunded_cents: t.refunded_cents,
  currency: t.currency,
  gateway: t.gateway,
  gateway_message: t.gateway_message,
  reason: t.reason,
  created_at: iso(t.created_at)!,
});

export const fulfillmentJson = (f: Row): z.infer<typeof Fulfillment> => ({
  id: f.id,
  order_id: f.order_public_id,
  customer_id: f.customer_id,
  reference: f.reference,
  status: f.status,
  carrier: f.carrier,
  tracking_number: f.tracking_number,
  shipped_at: iso(f.shipped_at),
  items: f.items,
});

export const purchaseJson = (p: Row): z.infer<typeof Purchase> => ({
  id: p.id,
  order_id: p.order_public_id,
  customer_id: p.customer_id,
  status: p.status,
  sku: p.sku,
  name: p.name,
  quantity: p.quantity,
  unit_price_cents: p.unit_price_cents,
  currency: p.currency,
  billing_cycle: p.billing_cycle,
  next_bill_date: p.next_bill_date,
  trial_end: p.trial_end,
  cancel_reason: p.cancel_reason,
  cancelled_at: iso(p.cancelled_at),
});

export const orderJson = (o: {
  order: Row;
  items: Row[];
  transactions: Row[];
  fulfillments: Row[];
  purchases: Row[];
}): z.infer<typeof Order> => ({
  id: o.order.public_id,
  customer_id: o.order.customer_id,
  status: o.order.status,
  decline_reason: o.order.decline_reason,
  currency: o.order.currency,
  shipping_cents: o.order.shipping_cents,
  items: o.items.map((i) => ({
    id: i.id,
    sku: i.sku,
    name: i.name,
    quantity: i.quantity,
    unit_price_cents: i.unit_price_cents,
    cancelled: Boolean(i.cancelled_at),
  })),
  transactions: o.transactions.map(transactionJson),
  fulfillments: o.fulfillments.map(fulfillmentJson),
  purchases: o.purchases.map(purchaseJson),
  created_at: iso(o.order.created_at)!,
});

/** An opaque keyset cursor: the sort key of the last row sent. */
export const cursorOf = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
export function readCursor(raw: string | undefined): unknown[] | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}
