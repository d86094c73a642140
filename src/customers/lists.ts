import type { Db } from '../db/knex';
import { fulfillmentRows } from '../fulfillments/queries';
import { transactionRows } from '../payments/queries';

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
