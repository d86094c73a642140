import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Actor } from '../audit/record';
import type { Deps } from '../deps';
import { fail, type Failure } from '../lib/results';
import { bookCharge, sendCharge, type ChargeOutcome, type ChargePurpose } from '../payments/charges';
import type { Gateway } from '../payments/gateway';

type Row = Record<string, any>;

/** One chosen product option: by id (the order entry form) or by its code, the option's SKU (the API). */
export interface LineInput {
  optionId?: number;
  sku?: string;
  quantity: number;
}
export type Line = { option: Row; quantity: number; unit: number };

/**
 * How an order is paid. A stored card, a new card number (the test gateway's sandbox numbers), a token
 * a real gateway's hosted fields gave the storefront, or a charge the storefront already made itself
 * (`external`): then nothing is sent to the gateway and its answer is booked as given.
 */
export type Payment =
  | { kind: 'instrument'; id: number }
  | { kind: 'card'; number: string; expMonth?: number; expYear?: number }
  | { kind: 'token'; token: string; brand: string; last4: string; expMonth: number; expYear: number }
  | { kind: 'external'; reference: string; amountCents: number; status: 'approved' | 'declined'; message?: string };

export const catalog = (db: Deps['db'] | Knex.Transaction) =>
  db('product_options as o')
    .join('products as p', 'p.id', 'o.product_id')
    .select(
      'o.id',
      'o.name',
      'o.sku',
      'o.price_cents',
      'o.trial_price_cents',
      'o.trial_days',
      'o.rebill_price_cents',
      'o.cycle_days',
      'o.final_cycle',
      'o.currency',
      'p.id as product_id',
      'p.name as product_name',
      'p.kind',
    )
    .where({ 'o.active': true, 'p.active': true })
    .orderBy(['p.name', 'o.id']);

/** The chosen lines priced from the catalogue (a continuity option's first charge is its trial price). */
export async function priceLines(
  trx: Knex.Transaction,
  input: LineInput[],
): Promise<Line[] | Failure<'unknown_product'>> {
  const options = await catalog(trx);
  const chosen = input.map((l) => ({
    option: options.find((o) => (l.optionId ? Number(o.id) === l.optionId : o.sku === l.sku)),
    quantity: l.quantity,
  }));
  const missing = chosen.findIndex((l) => !l.option);
  if (missing >= 0)
    return fail('unknown_product', 'A product in the order is not sold (or no longer sold).', {
      [`items.${missing}`]: `No product option ${input[missing].sku ?? input[missing].optionId} is on sale.`,
    });
  return chosen.map((l) => ({
    option: l.option!,
    quantity: l.quantity,
    unit:
      l.option!.kind === 'continuity' ? (l.option!.trial_price_cents ?? l.option!.price_cents) : l.option!.price_cents,
  }));
}

/**
 * The card row the sale is made on (stored now for a new card or token); null for an external charge.
 * Only a sandbox gateway takes a typed number: with a real one, cards come as tokens or are on file.
 */
export async function instrumentOf(
  trx: Knex.Transaction,
  gateway: Gateway,
  customerId: number,
  payment: Payment,
): Promise<Row | null | Failure<'declined'>> {
  if (payment.kind === 'external') return null;
  if (payment.kind === 'instrument') {
    const card = await trx('payment_instruments').where({ id: payment.id, customer_id: customerId }).first();
    if (card?.deactivated_at) return fail('declined', 'That card was deactivated; it is never charged again.');
    return card ?? fail('declined', 'That card does not belong to this customer.');
  }
  if (payment.kind === 'card' && !gateway.cardFromNumber)
    return fail('declined', 'Card numbers cannot be taken here; choose a card on file.');
  const fields =
    payment.kind === 'card'
      ? gateway.cardFromNumber!(payment.number, { month: payment.expMonth ?? 12, year: payment.expYear ?? 2030 })
      : {
          brand: payment.brand,
          last4: payment.last4,
          bin: '000000',
          exp_month: payment.expMonth,
          exp_year: payment.expYear,
          fingerprint: crypto.createHash('sha256').update(`token:${payment.token}`).digest('hex').slice(0, 24),
          gateway_token: payment.token,
        };
  const [card] = await trx('payment_instruments')
    .insert({ customer_id: customerId, ...fields })
    .returning('*');
  return card;
}

/** Steps 2 and 3 of the charge: the gateway is asked, or an external charge's own answer is booked. */
export function finishCharge(deps: Deps, sale: Row, payment: Payment, purpose: ChargePurpose, actor: Actor) {
  if (payment.kind !== 'external') return sendCharge(deps, sale, purpose, actor);
  const answer =
    payment.status === 'approved'
      ? {
          outcome: 'approved' as const,
          reference: payment.reference,
          message: payment.message ?? 'Charged by the storefront',
        }
      : { outcome: 'declined' as const, message: payment.message ?? 'Declined at the storefront', hard: false };
  return bookCharge(deps, sale.id, answer, purpose, actor) as Promise<ChargeOutcome>;
}

/** An external charge must be for what the order costs, or the books would not match the money. */
export function amountMismatch(payment: Payment, total: number): Failure<'amount_mismatch'> | null {
  if (payment.kind !== 'external' || payment.amountCents === total) return null;
  return fail('amount_mismatch', `The external charge is ${payment.amountCents} cents but the order costs ${total}.`, {
    'payment.amount_cents': `Must be ${total}, the order's total in cents.`,
  });
}

/** The sale attempt of an order's own charge or an upsell: cycle 1, the order's card, the form's or request's key. */
export const orderSaleAttempt = (
  a: { customerId: number; orderId: number; card: Row | null; totalCents: number; key: string },
  userId: number | null,
) => ({
  customer_id: a.customerId,
  order_id: a.orderId,
  purchase_id: null,
  payment_instrument_id: a.card?.id ?? null,
  amount_cents: a.totalCents,
  currency: 'USD',
  billing_cycle: 1,
  idempotency_key: a.key,
  user_id: userId,
});

/** Which gateway a payment goes through: a charge the storefront made itself is only recorded. */
export const gatewayOf = (payment: Payment, gateway: Deps['gateway']) =>
  payment.kind === 'external' ? 'external' : gateway.name;
