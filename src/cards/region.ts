import { historyPage } from '../audit/queries';
import { NotFoundError } from '../lib/results';
import { OUTSIDE_LABELS } from '../payments/collections';
import { CURRENCIES } from './commands';
import { cardsOf, moneyBackPossible } from './queries';
import { type CardDeps, todayOf } from './service';
import { cardStatus } from './status';

const BILLING = ['address1', 'address2', 'city', 'state', 'postal_code', 'country'].map((p) => `billing_${p}`);

/** Which form of the region an answer is about, with what was typed and what was wrong with it. */
export interface RegionForm {
  name: string;
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  message?: string;
}

/**
 * What the payment-instruments region of the profile shows: the cards with their status today,
 * what the gateway can do (typed sandbox numbers, payouts), and whether a refundable charge exists
 * (the payout form warns then). `withHistory` adds the history list, swapped out of band.
 */
export async function paymentTools(deps: CardDeps, customerId: number, withHistory = false) {
  const today = todayOf(deps);
  const [customer, cards, refundable, history] = await Promise.all([
    deps
      .db('customers')
      .where({ id: customerId })
      .first('id', 'currency', ...BILLING),
    cardsOf(deps.db, customerId),
    moneyBackPossible(deps.db, customerId),
    withHistory ? historyPage(deps.db, customerId) : null,
  ]);
  if (!customer) throw new NotFoundError('That customer');
  return {
    customer,
    cards: cards.map((c) => ({ ...c, status: cardStatus(c, today) })),
    typedCards: Boolean(deps.gateway.cardFromNumber),
    sandboxCards: deps.gateway.sandboxCards ?? [],
    payouts: Boolean(deps.gateway.credit),
    gatewayName: deps.gateway.name,
    refundable,
    currencies: CURRENCIES,
    outsideMethods: OUTSIDE_LABELS,
    ...(history ?? {}),
    oobHistory: withHistory,
  };
}
