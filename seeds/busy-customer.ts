import type { Knex } from 'knex';
import { resetSequences } from './sequences';

/** The customer bench:pages opens as "profile_busiest"; find them by this email in the search. */
export const BUSY_EMAIL = 'busy.customer@bulk.example';
const ORDERS = 500;
const PER_ORDER = 10;

/**
 * One customer with 5,000 transactions and 500 fulfillments (500 orders, each a subscription with a first
 * sale, seven rebills, a declined rebill and a partial refund), spread over four years. Ids are a
 * permutation of the rows' dates, as merges and late rebills leave them, so a list ordered by id would
 * look shuffled. Does nothing when the customer exists already.
 */
export async function seedBusyCustomer(
  knex: Knex,
  option: { productId: number; optionId: number },
): Promise<number | null> {
  if (await knex('customers').where({ email: BUSY_EMAIL }).first()) return null;
  const max = async (table: string) => Number((await knex(table).max({ m: 'id' }).first())?.m ?? 0);
  const [cb, ob, tb, fb, pb, ib] = await Promise.all(
    ['customers', 'orders', 'transactions', 'fulfillments', 'purchases', 'payment_instruments'].map(max),
  );
  const customerId = cb + 1;
  const txs = ORDERS * PER_ORDER;
  // Row i's id: a permutation of 1..n (7919 is prime to both counts), so ids do not follow dates.
  const txId = (i: string) => `(${tb} + 1 + ((${i}) * 7919) % ${txs})`;
  const fId = (k: string) => `(${fb} + 1 + ((${k}) * 7919) % ${ORDERS})`;
  const orderAt = (k: string) => `(now() - (${ORDERS} + 1 - (${k})) * interval '70 hours')`;
  await knex.transaction(async (trx) => {
    await trx.raw(`
      INSERT INTO customers (id, first_name, last_name, email, phone, billing_address1, billing_city, billing_state,
                             billing_postal_code, billing_country, created_at, updated_at)
      VALUES (${customerId}, 'Busy', 'Customer', '${BUSY_EMAIL}', '(555) 555-0500', '1 Long Road', 'Austin', 'TX',
              '73301', 'US', now() - interval '1500 days', now())`);
    await trx.raw(`
      INSERT INTO payment_instruments (id, customer_id, brand, last4, bin, exp_month, exp_year, fingerprint, gateway_token)
      VALUES (${ib + 1}, ${customerId}, 'Visa', '0500', '411111', 12, 2030, md5('busy card'), 'test_4111111111111111')`);
    await trx.raw(`
      INSERT INTO orders (id, public_id, customer_id, status, shipping_cents, created_at, updated_at)
      SELECT ${ob} + k, 'Z' || lpad(k::text, 7, '0'), ${customerId}, 'complete', 495, ${orderAt('k')}, now()
        FROM generate_series(1, ${ORDERS}) k`);
    await trx.raw(`
      INSERT INTO order_items (order_id, product_id, product_option_id, name, quantity, unit_price_cents)
      SELECT ${ob} + k, ${option.productId}, ${option.optionId}, 'Glow Serum — 30-day supply', 1, 2995
        FROM generate_series(1, ${ORDERS}) k`);
    await trx.raw(`
      INSERT INTO purchases (id, order_id, customer_id, product_id, product_option_id, payment_instrument_id, quantity,
                             unit_price_cents, billing_cycle, next_bill_date, status, created_at, updated_at)
      SELECT ${pb} + k, ${ob} + k, ${customerId}, ${option.productId}, ${option.optionId}, ${ib + 1}, 1, 6995, 9,
             current_date + 30, CASE WHEN k = ${ORDERS} THEN 'active' ELSE 'complete' END, ${orderAt('k')}, now()
        FROM generate_series(1, ${ORDERS}) k`);
    // j = 0: the order's sale (cycle 1); 1–7: rebills (cycles 2–8); 8: a declined rebill; 9: a refund of cycle 2.
    await trx.raw(`
      INSERT INTO transactions (id, customer_id, order_id, purchase_id, payment_instrument_id, parent_id, type, status,
                                amount_cents, refunded_cents, gateway_reference, reason, billing_cycle, settled_at,
                                created_at, updated_at)
      SELECT ${txId('i')}, ${customerId}, ${ob} + k, ${pb} + k, ${ib + 1},
             CASE WHEN j = 9 THEN ${txId('i - 8')} END,
             CASE WHEN j = 9 THEN 'refund' ELSE 'sale' END,
             CASE WHEN j = 9 THEN 'approved' WHEN j = 8 THEN 'declined' WHEN j = 1 THEN 'partially_refunded' ELSE 'settled' END,
             CASE WHEN j = 0 THEN 3490 WHEN j = 9 THEN 500 ELSE 6995 END, CASE WHEN j = 1 THEN 500 ELSE 0 END,
             'busy_' || i, CASE WHEN j = 9 THEN 'Customer request' END, CASE WHEN j = 9 THEN 2 ELSE j + 1 END,
             CASE WHEN j < 8 THEN now() END, ${orderAt('k')} + j * interval '6 hours' + (i % 7) * interval '1 second', now()
        FROM generate_series(0, ${txs - 1}) i, LATERAL (SELECT i / ${PER_ORDER} + 1 AS k, i % ${PER_ORDER} AS j) x`);
    await trx.raw(`
      INSERT INTO fulfillments (id, order_id, customer_id, purchase_id, reference, status, carrier, tracking_number,
                                shipped_at, created_at, updated_at)
      SELECT ${fId('k - 1')}, ${ob} + k, ${customerId}, ${pb} + k, 'F-Z' || lpad(k::text, 7, '0'),
             CASE WHEN k = ${ORDERS} THEN 'pending' WHEN k % 50 = 0 THEN 'returned' ELSE 'delivered' END, 'USPS',
             '9400500' || k, ${orderAt('k')} + interval '1 day', ${orderAt('k')} + interval '2 hours', now()
        FROM generate_series(1, ${ORDERS}) k`);
    await trx.raw(`
      INSERT INTO fulfillment_items (fulfillment_id, product_option_id, name, quantity)
      SELECT ${fId('k - 1')}, ${option.optionId}, 'Glow Serum — 30-day supply', 1 FROM generate_series(1, ${ORDERS}) k`);
    await resetSequences(trx);
  });
  return customerId;
}
