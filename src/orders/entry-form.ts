import type { Db } from '../db/knex';
import { NotFoundError } from '../lib/results';
import { catalog } from './checkout';
import { cardsWithLastOutcome } from './queries';

/** A declined order's lines and shipping, to fill the form again ("Rerun"); not after a hard decline. */
async function rerunOf(db: Db, customerId: number, publicId: string) {
  const declined = await db('orders')
    .where({ public_id: publicId.toUpperCase(), customer_id: customerId, status: 'declined' })
    .first();
  if (!declined || declined.hard_decline) return {};
  const items = await db('order_items').where({ order_id: declined.id });
  return {
    quantities: Object.fromEntries(items.map((i) => [String(i.product_option_id), String(i.quantity)])),
    shipping: (declined.shipping_cents / 100).toFixed(2),
  };
}

/** What the order form shows for a customer: the catalogue, their cards, and the values to start from. */
export async function entryForm(db: Db, customerId: number, values: Record<string, unknown>, rerun?: string) {
  const customer = await db('customers').where({ id: customerId }).first('id', 'first_name', 'last_name', 'email');
  if (!customer) throw new NotFoundError('That customer');
  const [options, cards] = await Promise.all([catalog(db), cardsWithLastOutcome(db, customerId)]);
  const prefill: Record<string, unknown> =
    !Object.keys(values).length && rerun ? await rerunOf(db, customerId, rerun) : values;
  // The card preselected is the last one that was approved, never one that just declined.
  const preferred = cards
    .filter((c: { last_outcome: string | null }) => c.last_outcome === 'approved')
    .sort((a: any, b: any) => b.last_at - a.last_at)[0];
  const card = prefill.card ?? (preferred ? String(preferred.id) : undefined);
  return { customer, options, cards, values: { ...prefill, card } };
}
