import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { NotFoundError } from '../lib/results';
import { PAID_SALE_STATUSES } from '../payments/states';
import { purchaseRows } from '../subscriptions/queries';

export interface CustomerRow {
  id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  billing_address1: string | null;
  billing_address2: string | null;
  billing_city: string | null;
  billing_state: string | null;
  billing_postal_code: string | null;
  billing_country: string | null;
  shipping_address1: string | null;
  shipping_address2: string | null;
  shipping_city: string | null;
  shipping_state: string | null;
  shipping_postal_code: string | null;
  shipping_country: string | null;
  custom1: string | null;
  custom2: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  affiliate_id: string | null;
  sub_id1: string | null;
  sub_id2: string | null;
  sub_id3: string | null;
  tags: string[];
  currency: string;
  membership_login: string | null;
  has_membership_password: boolean;
  created_at: Date;
  updated_at: Date;
}

const CUSTOMER_COLUMNS = [
  'id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'billing_address1',
  'billing_address2',
  'billing_city',
  'billing_state',
  'billing_postal_code',
  'billing_country',
  'shipping_address1',
  'shipping_address2',
  'shipping_city',
  'shipping_state',
  'shipping_postal_code',
  'shipping_country',
  'custom1',
  'custom2',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'affiliate_id',
  'sub_id1',
  'sub_id2',
  'sub_id3',
  'tags',
  'currency',
  'membership_login',
  'created_at',
  'updated_at',
];

/**
 * Never selects the membership password hash, only whether one is set. The columns are spread: knex
 * drops every argument after an array, and with it the flag (the profile said "not set" after a save).
 */
export const customerById = (db: Db, id: number): Promise<CustomerRow | undefined> =>
  db('customers')
    .select(...CUSTOMER_COLUMNS, db.raw('membership_password_hash IS NOT NULL AS has_membership_password'))
    .where({ id })
    .first();

export const purchasesOf = (db: Db, customerId: number) =>
  purchaseRows(db).where('p.customer_id', customerId).orderBy('p.id', 'desc');

/** Whether the customer has a sale that went through (a customer, not a lead), from transactions_paid_customer. */
export const hasPaidSale = async (db: Db, customerId: number) =>
  Boolean(
    await db('transactions')
      .select(db.raw('1'))
      .where({ customer_id: customerId, type: 'sale' })
      .whereIn('status', PAID_SALE_STATUSES)
      .first(),
  );

export const filesOf = (db: Db, customerId: number) =>
  db('files as f')
    .leftJoin('users as u', 'u.id', 'f.user_id')
    .select('f.id', 'f.filename', 'f.content_type', 'f.size_bytes', 'f.created_at', 'u.name as user_name')
    .where('f.customer_id', customerId)
    .orderBy('f.id', 'desc');

export const customFieldsOf = (db: Db, customerId: number) =>
  db('customer_custom_fields').select('name', 'value').where({ customer_id: customerId }).orderBy('name');

/** Customers sharing an email or phone (other than `exceptId`): duplicate warnings and merge candidates. */
export const customersSharingContact = (db: Db, c: { email: string | null; phone: string | null }, exceptId = 0) => {
  const digits = (c.phone ?? '').replace(/\D/g, '');
  return db('customers')
    .select('id', 'first_name', 'last_name', 'email', 'phone', 'created_at')
    .whereNot('id', exceptId)
    .where((w) => {
      if (c.email) w.orWhere('email', c.email);
      if (digits) w.orWhere('phone_digits', digits);
      if (!c.email && !digits) w.whereRaw('false');
    })
    .orderBy('id')
    .limit(10);
};

/** The customer row locked for the rest of the transaction: every change to a customer starts here. */
export async function lockCustomer(trx: Knex.Transaction, id: number): Promise<CustomerRow> {
  const row = await trx('customers').select('*').where({ id }).forUpdate().first();
  if (!row) throw new NotFoundError('That customer');
  return row;
}

export const fileById = (db: Db, id: number) =>
  db('files').select('filename', 'content_type', 'content').where({ id }).first();

/** Customers with one of these emails or phone numbers (digits), oldest first: the dedupe rule's candidates. */
export const customersByEmailOrPhone = (trx: Db | Knex.Transaction, emails: string[], phones: string[]) =>
  trx('customers')
    .select('id', 'email', 'phone_digits', trx.raw('lower(first_name) AS first'), trx.raw('lower(last_name) AS last'))
    .where((q) => q.whereIn('email', emails).orWhereIn('phone_digits', phones))
    .orderBy('id');
