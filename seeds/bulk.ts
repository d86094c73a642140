import type { Knex } from 'knex';
import { BUSY_EMAIL, seedBusyCustomer } from './busy-customer';
import { BULK_TABLES, resetSequences } from './sequences';

const FIRST = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Daniel',
  'Nancy',
  'Matthew',
  'Lisa',
  'Anthony',
  'Betty',
  'Mark',
  'Sandra',
  'Paul',
  'Ashley',
  'Steven',
  'Emily',
  'Andrew',
  'Donna',
  'Kevin',
  'Michelle',
  'Brian',
  'Carol',
  'George',
  'Amanda',
  'Edward',
  'Melissa',
  'Ronald',
  'Deborah',
  'Timothy',
  'Stephanie',
  'Jason',
  'Rebecca',
  'Jeffrey',
  'Sharon',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
];
const CITIES = ['Austin', 'Denver', 'Portland', 'Columbus', 'Raleigh', 'Tampa', 'Phoenix', 'Boise', 'Omaha', 'Reno'];
const PURCHASE_STATUSES = [
  'active',
  'active',
  'trial',
  'cancelled',
  'paused',
  'recycling',
  'cancel_scheduled',
  'complete',
];
const FULFILLMENT_STATUSES = ['delivered', 'delivered', 'shipped', 'pending', 'returned', 'cancelled', 'hold'];

const arr = (items: string[]) => `ARRAY[${items.map((s) => `'${s}'`).join(',')}]`;

/**
 * Fills the database with `n` customers and, for each, about 3 orders, 5 transactions, 2 fulfillments,
 * a card and a subscription — generated inside PostgreSQL (INSERT … SELECT generate_series) in
 * chunks, deterministic by row number. Secondary indexes are dropped for the load and rebuilt after,
 * which is several times faster than maintaining trigram indexes row by row. Then, once per database,
 * the busy customer (seeds/busy-customer.ts); `n` = 0 adds only that customer.
 */
export async function seedBulk(knex: Knex, n: number, log: (line: string) => void = () => {}): Promise<void> {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const option = await ensureCatalog(knex);
  const base = async (table: string) => Number((await knex(table).max({ m: 'id' }).first())?.m ?? 0);
  const [cb, ob, tb, fb, pb, ib] = await Promise.all(
    ['customers', 'orders', 'transactions', 'fulfillments', 'purchases', 'payment_instruments'].map(base),
  );

  const indexes: { indexname: string; indexdef: string }[] = !n
    ? []
    : (
        await knex.raw(
          `SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY(?)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
          [BULK_TABLES],
        )
      ).rows;
  for (const i of indexes) await knex.raw(`DROP INDEX IF EXISTS "${i.indexname}"`);
  log(`dropped ${indexes.length} secondary indexes`);

  const chunk = 50_000;
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    await knex.transaction(async (trx) => {
      // Foreign keys are checked by triggers; the generated rows are consistent, so skip them when allowed.
      await trx.raw('SET LOCAL session_replication_role = replica').catch(() => undefined);
      await trx.raw(`SET LOCAL synchronous_commit = off`);
      const g = `generate_series(${from}, ${to}) g`;
      const lead = `(g % 5 = 0)`;
      await trx.raw(`
        INSERT INTO customers (id, first_name, last_name, email, phone, billing_address1, billing_city, billing_state, billing_postal_code, billing_country,
                               shipping_address1, shipping_city, shipping_state, shipping_postal_code, shipping_country, custom1, custom2, utm_source, tags, created_at, updated_at)
        SELECT ${cb} + g, f, l, lower(f || '.' || l || g || '@bulk.example'),
               '(' || (200 + g % 800) || ') 555-' || lpad(((g / 800) % 10000)::text, 4, '0'),
               (g % 9000 + 10) || ' Main Street', city, 'TX', lpad((g % 99999)::text, 5, '0'), 'US',
               (g % 9000 + 10) || ' Main Street', city, 'TX', lpad((g % 99999)::text, 5, '0'), 'US',
               'funnel-' || (g % 7), 'page-' || (g % 3), 'facebook',
               CASE WHEN g % 17 = 0 THEN ARRAY['vip'] ELSE '{}' END,
               now() - ((g * 37) % 1500) * interval '1 day', now()
          FROM ${g},
               LATERAL (SELECT (${arr(FIRST)})[1 + (g * 7) % ${FIRST.length}] AS f, (${arr(LAST)})[1 + (g * 13) % ${LAST.length}] AS l,
                               (${arr(CITIES)})[1 + g % ${CITIES.length}] AS city) x`);
      await trx.raw(`
        INSERT INTO payment_instruments (id, customer_id, brand, last4, bin, exp_month, exp_year, fingerprint, gateway_token)
        SELECT ${ib} + g, ${cb} + g, 'Visa', lpad(((g::bigint * 7919) % 10000)::text, 4, '0'), '411111', 1 + g % 12, 2027 + g % 5, md5('card' || g), 'test_4111111111111111'
          FROM ${g}`);
      await trx.raw(`
        INSERT INTO orders (id, public_id, customer_id, status, shipping_cents, created_at, updated_at)
        SELECT ${ob} + (g - 1) * 3 + k, 'B' || lpad(upper(to_hex(${ob} + (g - 1) * 3 + k)), 7, '0'), ${cb} + g,
               CASE WHEN ${lead} THEN 'declined' WHEN k = 3 THEN 'pending' ELSE 'complete' END, 495,
               now() - ((g * 37) % 1500) * interval '1 day' + k * interval '1 hour', now()
          FROM ${g}, generate_series(1, 3) k`);
      await trx.raw(`
        INSERT INTO order_items (order_id, product_id, product_option_id, name, quantity, unit_price_cents)
        SELECT ${ob} + (g - 1) * 3 + k, ${option.productId}, ${option.optionId}, 'Glow Serum — 30-day supply', 1 + (g + k) % 2, 2995
          FROM ${g}, generate_series(1, 3) k`);
      await trx.raw(`
        INSERT INTO purchases (id, order_id, customer_id, product_id, product_option_id, payment_instrument_id, quantity, unit_price_cents, billing_cycle, next_bill_date, trial_end, status, created_at, updated_at)
        SELECT ${pb} + g, ${ob} + (g - 1) * 3 + 1, ${cb} + g, ${option.productId}, ${option.optionId}, ${ib} + g, 1, 6995, 1 + g % 5,
               current_date + (g % 30), current_date - 10, (${arr(PURCHASE_STATUSES)})[1 + g % ${PURCHASE_STATUSES.length}], now(), now()
          FROM ${g} WHERE NOT ${lead}`);
      // Per customer: three order sales, one rebill, and a partial refund of the first sale (leads: all declined).
      await trx.raw(`
        INSERT INTO transactions (id, customer_id, order_id, purchase_id, payment_instrument_id, parent_id, type, status, amount_cents, refunded_cents, gateway_reference, reason, settled_at, created_at, updated_at)
        SELECT ${tb} + (g - 1) * 5 + k, ${cb} + g, ${ob} + (g - 1) * 3 + least(k, 3), CASE WHEN k IN (1, 4) AND NOT ${lead} THEN ${pb} + g END, ${ib} + g,
               CASE WHEN k = 5 AND NOT ${lead} THEN ${tb} + (g - 1) * 5 + 1 END,
               CASE WHEN k = 5 AND NOT ${lead} THEN 'refund' ELSE 'sale' END,
               CASE WHEN ${lead} THEN 'declined' WHEN k = 5 THEN 'approved' WHEN k = 1 THEN 'partially_refunded' WHEN k = 3 THEN 'pending' ELSE 'settled' END,
               CASE WHEN k = 5 AND NOT ${lead} THEN 500 ELSE 3490 END,
               CASE WHEN k = 1 AND NOT ${lead} THEN 500 ELSE 0 END,
               'bulk_' || g || '_' || k, CASE WHEN k = 5 AND NOT ${lead} THEN 'Customer request' END,
               CASE WHEN NOT ${lead} AND k IN (1, 2, 4) THEN now() END, now() - ((g * 37) % 1500) * interval '1 day', now()
          FROM ${g}, generate_series(1, 5) k`);
      await trx.raw(`
        INSERT INTO fulfillments (id, order_id, customer_id, reference, status, carrier, tracking_number, shipped_at, created_at, updated_at)
        SELECT ${fb} + (g - 1) * 2 + k, ${ob} + (g - 1) * 3 + k, ${cb} + g, 'F-B' || lpad(upper(to_hex(${ob} + (g - 1) * 3 + k)), 7, '0'),
               (${arr(FULFILLMENT_STATUSES)})[1 + (g + k) % ${FULFILLMENT_STATUSES.length}], 'USPS', '9400' || (g * 10 + k), now(), now(), now()
          FROM ${g}, generate_series(1, 2) k WHERE NOT ${lead}`);
      await trx.raw(`
        INSERT INTO fulfillment_items (fulfillment_id, product_option_id, name, quantity)
        SELECT ${fb} + (g - 1) * 2 + k, ${option.optionId}, 'Glow Serum — 30-day supply', 1
          FROM ${g}, generate_series(1, 2) k WHERE NOT ${lead}`);
    });
    log(`${to.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} customers (${elapsed()})`);
  }

  await knex.raw(`SET maintenance_work_mem = '1GB'`);
  for (const i of indexes) {
    await knex.raw(i.indexdef);
    log(`rebuilt ${i.indexname} (${elapsed()})`);
  }
  const busy = await seedBusyCustomer(knex, option);
  if (busy) log(`busy customer #${busy} (${BUSY_EMAIL}): 5,000 transactions, 500 fulfillments (${elapsed()})`);
  await resetSequences(knex);
  await knex.raw(n ? 'VACUUM ANALYZE' : 'ANALYZE');
  log(`done: ${n.toLocaleString('en-US')} customers in ${elapsed()}`);
}

async function ensureCatalog(knex: Knex): Promise<{ productId: number; optionId: number }> {
  const existing = await knex('product_options as o')
    .join('products as p', 'p.id', 'o.product_id')
    .where('p.kind', 'continuity')
    .select('p.id as productId', 'o.id as optionId')
    .orderBy('o.id')
    .first();
  if (existing) return existing;
  const [p] = await knex('products')
    .insert({ sku: 'BULK-SERUM', name: 'Glow Serum', kind: 'continuity' })
    .returning('id');
  const [o] = await knex('product_options')
    .insert({
      product_id: p.id,
      sku: 'BULK-SERUM-1',
      name: '30-day supply',
      trial_price_cents: 495,
      trial_days: 14,
      rebill_price_cents: 6995,
      cycle_days: 30,
    })
    .returning('id');
  return { productId: p.id, optionId: o.id };
}
