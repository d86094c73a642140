import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import { fail } from '../lib/results';
import { type CardDeps, type Row, withLockedCard } from './service';
import { cardName, cardStatus } from './status';

const ADDRESS = ['address1', 'address2', 'city', 'state', 'postal_code', 'country'].map((p) => `billing_${p}`);
const exp = (c: { exp_month: number; exp_year: number }) => `${String(c.exp_month).padStart(2, '0')}/${c.exp_year}`;
const oneLine = (c: Row) =>
  ADDRESS.map((k) => c[k])
    .filter(Boolean)
    .join(', ') || 'none';

/** A new expiry date from the customer (a reissued card keeps its number); never one already passed. */
export function updateExpiry(
  deps: CardDeps,
  user: SessionUser,
  cardId: number,
  input: { exp_month: number; exp_year: number },
) {
  return withLockedCard(deps, cardId, async (trx, card, today) => {
    if (card.deactivated_at)
      return fail('deactivated', `${cardName(card)} is deactivated; add the card again instead.`);
    if (cardStatus({ ...input, deactivated_at: null }, today) === 'expired')
      return fail('expired', 'That date has passed.', { exp_year: 'This expiry date has passed.' });
    await trx('payment_instruments')
      .where({ id: card.id })
      .update({ ...input, updated_at: deps.clock.now() });
    const message = `Expiry of ${cardName(card)}: ${exp(card)} → ${exp(input)}`;
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'card.expiry_updated',
      customerId: card.customer_id,
      subject: { type: 'payment_instrument', id: card.id },
      summary: message,
      before: { exp_month: card.exp_month, exp_year: card.exp_year },
      after: input,
    });
    return { ok: true, customerId: Number(card.customer_id), message };
  });
}

/** The card's own billing address (the one the issuer checks), apart from the customer's. */
export function updateCardAddress(deps: CardDeps, user: SessionUser, cardId: number, address: Row) {
  return withLockedCard(deps, cardId, async (trx, card) => {
    const after = Object.fromEntries(ADDRESS.map((k) => [k, address[k] ?? null]));
    await trx('payment_instruments')
      .where({ id: card.id })
      .update({ ...after, updated_at: deps.clock.now() });
    const message = `Billing address of ${cardName(card)}: ${oneLine(card)} → ${oneLine(after)}`;
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'card.address_updated',
      customerId: card.customer_id,
      subject: { type: 'payment_instrument', id: card.id },
      summary: message,
      before: Object.fromEntries(ADDRESS.map((k) => [k, card[k]])),
      after,
    });
    return { ok: true, customerId: Number(card.customer_id), message };
  });
}
