import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { NotFoundError } from '../lib/results';
import { fulfillmentRows } from '../fulfillments/queries';
import { transactionRows } from '../payments/queries';
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
  tags: string[];
  credit_balance_cents: number;
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
  'tags',
  'credit_balance_cents',
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

/** Rows a page of the profile's transactions, fulfillments and orders shows ("Older" loads the next), as the history
 * pages: rendering rows, not reading them, is what a page of these lists costs. */
export const LIST_PAGE = 20;

/** Which rows of a newest-first list: a page older than row `before`, or (`through`, after an action on that
 * row) every row down to it, so the re-rendered list still shows it. Both are row ids, not dates: the row's
 * own timestamp keeps its microseconds, a date in the URL would not. */
export type ListPage = { before?: number; through?: number };

/** Newest first by date (ids do not follow dates after merges and late rebills), keyset on (created_at, id),
 * read through the (customer_id, created_at DESC, id DESC) indexes; a page asks one row more to know if
 * there is an older one. */
const newestFirst = <Q extends ReturnType<Db>>(q: Q, alias: string, table: string, page: ListPage) => {
  const cursor = `(${alias}.created_at, ${alias}.id) %s (SELECT created_at, id FROM ${table} WHERE id = ?)`;
  if (page.before) q.whereRaw(cursor.replace('%s', '<'), [page.before]);
  if (page.through) q.whereRaw(cursor.replace('%s', '>='), [page.through]);
  else q.limit(LIST_PAGE + 1);
  return q.orderBy([
    { column: `${alias}.created_at`, order: 'desc' },
    { column: `${alias}.id`, order: 'desc' },
  ]);
};

/** Rows fetched one over a page: the page, and whether an older one exists. */
export const paged = <T>(rows: T[], size = LIST_PAGE) => ({ rows: rows.slice(0, size), more: rows.length > size });

export const transactionsPage = (db: Db, customerId: number, page: ListPage = {}) =>
  newestFirst(transactionRows(db).where('t.customer_id', customerId), 't', 'transactions', page);

export const fulfillmentsPage = (db: Db, customerId: number, page: ListPage = {}) =>
  newestFirst(fulfillmentRows(db).where('f.customer_id', customerId), 'f', 'fulfillments', page);

export const ordersPage = (db: Db, customerId: number, page: ListPage = {}) =>
  newestFirst(
    db('orders as o')
      .select(
        'o.id',
        'o.public_id',
        'o.status',
        'o.currency',
        'o.created_at',
        'o.decline_reason',
        db.raw(
          '(SELECT coalesce(sum(price_cents), 0) FROM order_items i WHERE i.order_id = o.id) + o.shipping_cents + o.tax_cents AS total_cents',
        ),
      )
      .where('o.customer_id', customerId),
    'o',
    'orders',
    page,
  );

/** After an action on fulfillment `id`, the list to show again: the first page, or every row down to that
 * one when it lies further back (the agent had loaded older pages), so it stays in view. */
export async function fulfillmentsThrough(db: Db, customerId: number, id: number) {
  const first = paged<{ id: number }>(await fulfillmentsPage(db, customerId));
  if (first.rows.some((f) => f.id === id)) return first;
  const [rows, older] = await Promise.all([
    fulfillmentsPage(db, customerId, { through: id }),
    fulfillmentsPage(db, customerId, { before: id }).limit(1),
  ]);
  return { rows, more: older.length > 0 };
}

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

export const membershipsOf = (db: Db, customerId: number) =>
  db('customer_memberships')
    .select('club', 'status', 'started_at', 'ended_at')
    .where({ customer_id: customerId })
    .orderBy('started_at', 'desc');

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
