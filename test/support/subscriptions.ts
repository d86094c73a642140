import type { Knex } from 'knex';
import { createDb } from '../../src/db/knex';
import type { Deps } from '../../src/deps';
import { ManualClock } from '../../src/lib/clock';
import { createLogger } from '../../src/lib/logger';
import { instrumentFor } from '../../src/payments/gateways/test-cards';
import { TestGateway } from '../../src/payments/gateways/test-gateway';
import { testConfig } from './app';
import { createTestDatabase, type TestDatabase } from './db';

/** A demo database, a clock set to `at` and the deps a billing test needs (the test gateway on its own pool). */
export async function billingWorld(at: string) {
  const t: TestDatabase = await createTestDatabase({ demo: true });
  const gatewayDb = createDb(t.url, { max: 3 });
  const clock = new ManualClock(new Date(at));
  const deps: Deps = {
    config: testConfig(),
    db: t.db,
    clock,
    logger: createLogger('silent'),
    gateway: new TestGateway(gatewayDb),
  };
  const close = async () => {
    await gatewayDb.destroy();
    await t.drop();
  };
  return { t, deps, clock, close };
}

/** A continuity product with one 30-day option (a 14-day trial, then `rebillCents` a cycle). */
export async function continuityProduct(
  db: Knex,
  a: { sku: string; name: string; trialCents: number; rebillCents: number },
): Promise<{ productId: number; optionId: number }> {
  const [p] = await db('products').insert({ sku: a.sku, name: a.name, kind: 'continuity' }).returning('id');
  const [o] = await db('product_options')
    .insert({
      product_id: p.id,
      sku: `${a.sku}-1`,
      name: '30 days',
      trial_price_cents: a.trialCents,
      trial_days: 14,
      rebill_price_cents: a.rebillCents,
      cycle_days: 30,
    })
    .returning('id');
  return { productId: Number(p.id), optionId: Number(o.id) };
}

/** Each test file has its own database and its own copy of this module: a counter keeps rows unique. */
let made = 0;

/**
 * A customer with one card (`card`, a test-card number) and a completed order holding one purchase of
 * the product; `purchase` gives the purchase's own columns (price, cycle, status, bill date).
 */
export async function customerWithPurchase(
  db: Knex,
  product: { productId: number; optionId: number },
  a: { card: string; email?: string; purchase: Record<string, unknown> },
): Promise<{ customerId: number; cardId: number; orderId: number; purchaseId: number }> {
  const k = ++made;
  const [c] = await db('customers')
    .insert({ first_name: 'Rae', email: a.email ?? `subscriber${k}@example.com` })
    .returning('id');
  const [pi] = await db('payment_instruments')
    .insert({ customer_id: c.id, ...instrumentFor(a.card) })
    .returning('id');
  const [o] = await db('orders')
    .insert({ customer_id: c.id, public_id: `SUB${String(k).padStart(6, '0')}`, status: 'complete' })
    .returning('id');
  const [p] = await db('purchases')
    .insert({
      order_id: o.id,
      customer_id: c.id,
      product_id: product.productId,
      product_option_id: product.optionId,
      payment_instrument_id: pi.id,
      quantity: 1,
      ...a.purchase,
    })
    .returning('id');
  return { customerId: Number(c.id), cardId: Number(pi.id), orderId: Number(o.id), purchaseId: Number(p.id) };
}
