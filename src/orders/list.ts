import type { Db } from '../db/knex';
import { NotFoundError } from '../lib/results';

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
 * A customer's orders, newest first, each with its date, items, total, status and the charges made
 * on it (its own sale and its subscriptions' rebills, oldest first): what the arrow beside a search
 * result opens and the profile's Orders tab shows.
 */
export async function ordersOfCustomer(db: Db, customerId: number) {
  const [orders, charges] = await Promise.all([
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
        db.raw(
          "(SELECT string_agg(i.quantity || ' × ' || i.name, ', ' ORDER BY i.id) FROM order_items i WHERE i.order_id = o.id) AS items",
        ),
      )
      .where('o.customer_id', customerId)
      .orderBy([
        { column: 'o.created_at', order: 'desc' },
        { column: 'o.id', order: 'desc' },
      ]),
    db('transactions')
      .select('id', 'order_id', 'type', 'status', 'amount_cents', 'currency', 'billing_cycle', 'created_at')
      .where({ customer_id: customerId, type: 'sale' })
      .whereNotNull('order_id')
      .orderBy([{ column: 'created_at' }, { column: 'id' }]),
  ]);
  const byOrder = new Map<number, OrderCharge[]>();
  for (const { order_id, ...c } of charges) byOrder.set(order_id, [...(byOrder.get(order_id) ?? []), c]);
  return orders.map((o) => ({ ...o, charges: byOrder.get(o.id) ?? [] }));
}

/** The orders page of one customer; an id that names nobody is not found. */
export async function customerOrders(db: Db, customerId: number | null) {
  const customer =
    customerId === null
      ? undefined
      : await db('customers').select('id', 'first_name', 'last_name').where({ id: customerId }).first();
  if (!customer) throw new NotFoundError('That customer');
  return { customer, orders: await ordersOfCustomer(db, customer.id) };
}
