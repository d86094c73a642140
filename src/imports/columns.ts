import { z } from 'zod';
import { isCalendarDay } from '../http/forms';
import { isCountryCode } from '../lib/countries';
import { parseMoney } from '../lib/money';

/** The CSV header (docs/IMPORT.md): one file, one record a line, the `record` column saying which. */
export const COLUMNS = [
  'record',
  'source_id',
  'customer_id',
  'order_id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'address1',
  'address2',
  'city',
  'state',
  'postal_code',
  'country',
  'sku',
  'quantity',
  'unit_price',
  'currency',
  'amount',
  'refunded',
  'status',
  'gateway_reference',
  'date',
  'next_bill_date',
] as const;

const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} is too long (at most ${max} characters)`)
    .optional()
    .transform((v) => v || null);
const required = (what: string) => z.string().trim().min(1, `needs ${what}`).max(100, `${what} is too long`);
const money = (what: string) =>
  z.string().transform((v, ctx) => {
    const cents = v.trim() === '' && what === 'refunded' ? 0 : parseMoney(v);
    if (cents === null) ctx.addIssue({ code: 'custom', message: `${what} "${v}" is not an amount like 19.99` });
    return cents ?? 0;
  });
const day = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || isCalendarDay(v.slice(0, 10)), `${what} is not a date like 2026-11-23`)
    .transform((v) => v?.slice(0, 10) ?? null);
const currency = z
  .string()
  .trim()
  .toUpperCase()
  .transform((v) => v || 'USD')
  .refine((v) => /^[A-Z]{3}$/.test(v), 'currency must be a three-letter code like USD');
const quantity = z
  .string()
  .trim()
  .transform((v) => (v === '' ? 1 : Number(v)))
  .refine((n) => Number.isInteger(n) && n > 0 && n <= 10_000, 'quantity must be a whole number from 1');

const customer = z
  .object({
    record: z.literal('customer'),
    source_id: required('a source_id'),
    first_name: text(100, 'first_name'),
    last_name: text(100, 'last_name'),
    email: text(254, 'email')
      .transform((v) => v?.toLowerCase() ?? null)
      .refine((v) => v === null || z.email().safeParse(v).success, 'email is not an email address'),
    phone: text(40, 'phone').refine((v) => v === null || /^[\d\s()+.-]{7,40}$/.test(v), 'phone is not a phone number'),
    address1: text(200, 'address1'),
    address2: text(200, 'address2'),
    city: text(100, 'city'),
    state: text(100, 'state'),
    postal_code: text(20, 'postal_code'),
    country: text(2, 'country')
      .transform((v) => v?.toUpperCase() ?? null)
      .refine((v) => v === null || isCountryCode(v), 'country must be a two-letter code like US'),
    date: day('date'),
  })
  .refine((c) => c.first_name || c.last_name, 'a customer needs a first or last name')
  .refine((c) => c.email || c.phone, 'a customer needs an email or a phone');

const order = z.object({
  record: z.literal('order'),
  source_id: required('a source_id'),
  customer_id: required('the customer_id of its customer'),
  currency,
  status: z.enum(
    ['complete', 'refunded', 'cancelled', 'declined'],
    'status must be complete, refunded, cancelled or declined',
  ),
  date: day('date'),
});

const item = z.object({
  record: z.literal('item'),
  source_id: required('a source_id'),
  order_id: required('the order_id of its order'),
  sku: required('the sku of a product option'),
  quantity,
  unit_price: money('unit_price'),
});

const charge = z
  .object({
    record: z.literal('charge'),
    source_id: required('a source_id'),
    order_id: required('the order_id of its order'),
    amount: money('amount'),
    refunded: money('refunded'),
    currency,
    status: z.enum(
      ['approved', 'declined', 'refunded', 'voided'],
      'status must be approved, declined, refunded or voided',
    ),
    gateway_reference: text(200, 'gateway_reference'),
    date: day('date'),
  })
  .refine((c) => c.refunded <= c.amount, 'refunded is more than the amount')
  .refine((c) => c.status !== 'refunded' || c.refunded > 0, 'a refunded charge needs the refunded amount')
  .refine(
    (c) => c.refunded === 0 || c.status === 'approved' || c.status === 'refunded',
    'only an approved or refunded charge has a refunded amount',
  );

const subscription = z
  .object({
    record: z.literal('subscription'),
    source_id: required('a source_id'),
    order_id: required('the order_id of its order'),
    sku: required('the sku of a product option'),
    quantity,
    unit_price: money('unit_price'),
    status: z.enum(
      ['trial', 'active', 'paused', 'cancelled', 'complete'],
      'status must be trial, active, paused, cancelled or complete',
    ),
    next_bill_date: day('next_bill_date'),
  })
  .refine(
    (s) => s.next_bill_date || !['trial', 'active'].includes(s.status),
    'a trial or active subscription needs its next_bill_date',
  );

const line = z.discriminatedUnion(
  'record',
  [customer, order, item, charge, subscription],
  'record must be customer, order, item, charge or subscription',
);
export type ImportLine = z.infer<typeof line>;
export type RecordType = ImportLine['record'];
export const RECORD_TYPES: RecordType[] = ['customer', 'order', 'item', 'charge', 'subscription'];

/** One CSV line, checked on its own; references to other lines are checked against the database. */
export function parseLine(
  raw: Record<string, string>,
): { ok: true; line: ImportLine } | { ok: false; message: string } {
  // A column the file leaves out reads as an empty cell: the defaults and messages are the same.
  const cells = Object.fromEntries(COLUMNS.map((c) => [c, raw[c] ?? '']));
  const parsed = line.safeParse({ ...cells, record: cells.record.trim().toLowerCase() });
  if (parsed.success) return { ok: true, line: parsed.data };
  return { ok: false, message: [...new Set(parsed.error.issues.map((i) => i.message))].join('; ') };
}
