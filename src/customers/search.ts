import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { PAID_SALE_STATUSES } from '../payments/states';
import { LIVE_PURCHASE_STATUSES } from '../subscriptions/states';
import { customFieldMatch } from './custom-field-search';
import type { SearchFilters } from './search-filters';

export type { SearchFilters };

export const PAGE_SIZE = 25;

/** What the one search box means: an email, an order ID, card last 4, a phone number, or a name. */
export function interpretQuery(q: string): Partial<SearchFilters> {
  const s = q.trim();
  if (s.includes('@')) return { email: s };
  if (/^\d{4}$/.test(s)) return { last4: s };
  if (/^[A-Za-z0-9]{8}$/.test(s) && /\d/.test(s) && /[A-Za-z]/.test(s)) return { order: s };
  if (/^[\d\s()+.-]{7,}$/.test(s)) return { phone: s };
  return { name: s };
}

export function hasAnyFilter(f: SearchFilters): boolean {
  return Object.entries(f).some(([k, v]) => k !== 'after' && k !== 'exact' && v !== undefined);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const digits = (s: string) => s.replace(/\D/g, '');

/**
 * The customers matching the filters, newest first. Each filter is written so PostgreSQL can use an
 * index: trigram GIN for name and email fragments, btree for exact email, phone digits, order ID and
 * card last 4, GIN for tags (see docs/PERFORMANCE.md for the plans).
 */
export function matchingCustomers(db: Db, input: SearchFilters): Knex.QueryBuilder {
  const f = { ...input, ...(input.q ? interpretQuery(input.q) : {}) };
  const query = db('customers as c');
  const fullName = "lower(c.first_name || ' ' || c.last_name)";
  // `exact` (src/customers/search-rule.ts): the whole name or address, never a fragment.
  if (f.name && f.exact) query.whereRaw(`${fullName} = ?`, [f.name.toLowerCase().replace(/\s+/g, ' ')]);
  else if (f.name) query.whereRaw(`${fullName} LIKE ?`, [`%${escapeLike(f.name.toLowerCase())}%`]);
  if (f.email) {
    const email = f.email.toLowerCase();
    if (f.exact || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) query.where('c.email', email);
    else query.whereRaw('c.email LIKE ?', [`%${escapeLike(email)}%`]);
  }
  if (f.phone) query.where('c.phone_digits', digits(f.phone));
  // = ANY(ARRAY(subquery)): the few matching ids are found first, then fetched by primary key;
  // as a plain IN the planner may walk the whole customers index newest-first looking for them.
  if (f.order)
    query.whereRaw('c.id = ANY(ARRAY(?))', [
      db('orders').select('customer_id').where('public_id', f.order.toUpperCase()),
    ]);
  if (f.last4)
    query.whereRaw('c.id = ANY(ARRAY(?))', [db('payment_instruments').select('customer_id').where('last4', f.last4)]);
  if (f.from) query.where('c.created_at', '>=', f.from);
  if (f.to) query.whereRaw('c.created_at < (?::date + 1)', [f.to]);
  if (f.order_status)
    query.whereExists(
      db('orders as o').select(db.raw('1')).whereRaw('o.customer_id = c.id').where('o.status', f.order_status),
    );
  if (f.subscription_status)
    query.whereExists(
      db('purchases as p')
        .select(db.raw('1'))
        .whereRaw('p.customer_id = c.id')
        .where('p.status', f.subscription_status),
    );
  // Read from kyc_documents_status (status, customer_id) alone, as the order and card filters are.
  if (f.kyc)
    query.whereRaw('c.id = ANY(ARRAY(?))', [db('kyc_documents').distinct('customer_id').where('status', f.kyc)]);
  if (f.cf_name) query.whereExists(customFieldMatch(db, f.cf_name, f.cf_value));
  if (f.tag) query.whereRaw('c.tags @> ARRAY[?]::text[]', [f.tag.toLowerCase()]);
  if (f.segment) {
    // A scalar subquery, not [NOT] EXISTS: PostgreSQL would turn NOT EXISTS into an anti-join over
    // every transaction (15 s at a million customers); this probes transactions_customer_created per row
    // while walking customers newest first, and stops after one page.
    const paid = db('transactions as t')
      .select(db.raw('1'))
      .whereRaw('t.customer_id = c.id')
      .where('t.type', 'sale')
      .whereIn('t.status', PAID_SALE_STATUSES)
      .limit(1);
    query.whereRaw(`(?) IS ${f.segment === 'customers' ? 'NOT NULL' : 'NULL'}`, [paid]);
  }
  return query;
}

export interface CustomerHit {
  id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  billing_city: string | null;
  billing_state: string | null;
  created_at: Date;
  tags: string[];
  recent_orders: { public_id: string; status: string }[];
  live_subscriptions: number;
}

/**
 * One page of hits (keyset on id, newest first) plus whether there is a next page. One statement: the page is
 * found first, then each of its rows gets its three newest orders and live subscription count (a round trip
 * each was most of a search fragment's cost).
 */
export async function searchCustomers(
  db: Db,
  filters: SearchFilters,
  limit = PAGE_SIZE,
): Promise<{ hits: CustomerHit[]; nextAfter: number | null }> {
  const found = matchingCustomers(db, filters)
    .select(
      'c.id',
      'c.first_name',
      'c.last_name',
      'c.email',
      'c.phone',
      'c.billing_city',
      'c.billing_state',
      'c.created_at',
      'c.tags',
    )
    .orderBy('c.id', 'desc')
    .limit(limit + 1);
  if (filters.after) found.where('c.id', '<', filters.after);
  const recentOrders = db.raw(
    `coalesce((SELECT json_agg(json_build_object('public_id', o.public_id, 'status', o.status) ORDER BY o.created_at DESC)
                 FROM (SELECT public_id, status, created_at FROM orders WHERE customer_id = h.id
                        ORDER BY created_at DESC LIMIT 3) o), '[]') AS recent_orders`,
  );
  const live = db('purchases as p')
    .count('*')
    .whereRaw('p.customer_id = h.id')
    .whereIn('p.status', LIVE_PURCHASE_STATUSES);
  const rows: CustomerHit[] = await db
    .select('h.*', recentOrders, db.raw('(?)::int AS live_subscriptions', [live]))
    .from(found.as('h'))
    .orderBy('h.id', 'desc');
  const hits = rows.slice(0, limit);
  return { hits, nextAfter: rows.length > limit ? hits[hits.length - 1].id : null };
}
