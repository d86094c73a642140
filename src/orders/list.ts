import type { Db } from '../db/knex';
import { NotFoundError } from '../lib/results';
import { type ListPage, ordersPage, paged } from '../customers/lists';

type Row = Record<string, any>;

/** Charges listed under each order; the order's own page lists them all. */
export const CHARGES_SHOWN = 5;

export interface OrderCharge {
  id: number;
  type: string;
  status: string;
  amount_cents: number;
  currency: string;
  billing_cycle: number;
  created_at: Date;
}

/**
 * A page of a customer's orders, newest first by date, each with its date, items, total, status and the charges made
 * on it (its own sale and its subscriptions' rebills, oldest first): what the arrow beside a search
 * result opens and the profile's Orders tab shows.
 */
export async function ordersOfCustomer(db: Db, customerId: number, page: ListPage = {}) {
  const items = db.raw(
    "(SELECT string_agg(i.quantity || ' × ' || i.name, ', ' ORDER BY i.id) FROM order_items i WHERE i.order_id = o.id) AS items",
  );
  const { rows: orders, more } = paged((await ordersPage(db, customerId, page).select(items)) as Row[]);
  const charges = await db('transactions')
    .select('id', 'order_id', 'type', 'status', 'amount_cents', 'currency', 'billing_cycle', 'created_at')
    .where({ customer_id: customerId, type: 'sale' })
    .whereIn(
      'order_id',
      orders.map((o) => o.id),
    )
    .orderBy([{ column: 'created_at' }, { column: 'id' }]);
  const byOrder = new Map<number, OrderCharge[]>();
  for (const { order_id, ...c } of charges) byOrder.set(order_id, [...(byOrder.get(order_id) ?? []), c]);
  // A page of orders costs the same for a customer with years of rebills: the newest few charges of each order.
  const shown = (all: OrderCharge[]) => ({
    charges: all.slice(-CHARGES_SHOWN),
    earlierCharges: Math.max(0, all.length - CHARGES_SHOWN),
  });
  return { orders: orders.map((o) => ({ ...o, ...shown(byOrder.get(o.id) ?? []) })), ordersMore: more };
}

/** The orders page of one customer; an id that names nobody is not found. */
export async function customerOrders(db: Db, customerId: number | null) {
  const customer =
    customerId === null
      ? undefined
      : await db('customers').select('id', 'first_name', 'last_name').where({ id: customerId }).first();
  if (!customer) throw new NotFoundError('That customer');
  return { customer, ...(await ordersOfCustomer(db, customer.id)) };
}
