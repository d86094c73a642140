import type { Knex } from 'knex';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { lockCustomer } from '../customers/queries';
import { dayIn } from '../lib/clock';
import { fail, NotFoundError, type Result } from '../lib/results';
import { LIVE_PURCHASE_STATUSES } from '../subscriptions/states';
import { cardWithRole, lockCard } from './queries';
import { type Card, cardName, cardStatus, whyNotChargeable } from './status';

export type CardDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'gateway'>;
export type Row = Record<string, any>;
export type Role = 'default' | 'backup';
type Done = Result<{ customerId: number; message: string }, string>;

export const todayOf = (deps: Pick<Deps, 'clock' | 'config'>) => dayIn(deps.clock.now(), deps.config.tz);

/**
 * The one shape of every card action: the customer locked first (so two role changes of one
 * customer queue up), then the card; the rule is checked inside the locks; an event (and the
 * customer's history line) is written in the same transaction.
 */
export async function withLockedCard(
  deps: CardDeps,
  cardId: number,
  act: (trx: Knex.Transaction, card: Card, today: string) => Promise<Done>,
): Promise<Done> {
  const owner = await deps.db('payment_instruments').where({ id: cardId }).first('customer_id');
  if (!owner) throw new NotFoundError('That card');
  return deps.db.transaction(async (trx) => {
    await lockCustomer(trx, owner.customer_id);
    return act(trx, await lockCard(trx, cardId), todayOf(deps));
  });
}

/**
 * The default card is the one the customer's subscriptions bill: making a card the default moves
 * every live subscription onto it (an agent told "charge the new card" expects the next rebill to).
 */
async function giveRole(trx: Knex.Transaction, card: Card, role: Role, now: Date): Promise<number> {
  await trx('payment_instruments')
    .where({ customer_id: card.customer_id, role })
    .update({ role: null, updated_at: now });
  await trx('payment_instruments').where({ id: card.id }).update({ role, updated_at: now });
  if (role !== 'default') return 0;
  return trx('purchases')
    .where({ customer_id: card.customer_id })
    .whereIn('status', LIVE_PURCHASE_STATUSES)
    .whereNot('payment_instrument_id', card.id)
    .update({ payment_instrument_id: card.id, updated_at: now });
}

const moved = (n: number) =>
  n ? `; ${n} live subscription${n === 1 ? '' : 's'} now bill${n === 1 ? 's' : ''} it` : '';

/** Adds a typed card (a sandbox gateway only); the customer's first card becomes the default. */
export async function addCard(
  deps: CardDeps,
  user: SessionUser,
  customerId: number,
  input: { number: string; exp_month: number; exp_year: number; make_default?: string },
  address: Row,
): Promise<Done> {
  const fromNumber = deps.gateway.cardFromNumber?.bind(deps.gateway);
  if (!fromNumber) return fail('not_supported', 'This gateway never takes card numbers here.');
  const exp = { month: input.exp_month, year: input.exp_year };
  if (cardStatus({ exp_month: exp.month, exp_year: exp.year, deactivated_at: null }, todayOf(deps)) === 'expired')
    return fail('expired', 'That card has expired.', { exp_year: 'This expiry date has passed.' });
  const fields = fromNumber(input.number, exp);
  return deps.db.transaction(async (trx) => {
    await lockCustomer(trx, customerId);
    const same = await trx('payment_instruments')
      .where({ customer_id: customerId, fingerprint: fields.fingerprint })
      .whereNull('deactivated_at')
      .first('id');
    if (same) return fail('duplicate', 'That card is already on file.', { number: 'This card is already on file.' });
    const now = deps.clock.now();
    const [card] = await trx('payment_instruments')
      .insert({ customer_id: customerId, ...fields, ...address, created_at: now, updated_at: now })
      .returning('*');
    const makeDefault = input.make_default === 'on' || !(await cardWithRole(trx, customerId, 'default'));
    const n = makeDefault ? await giveRole(trx, card, 'default', now) : 0;
    const message = `Added ${cardName(card)} (expires ${exp.month}/${exp.year})${makeDefault ? ' as the default card' : ''}${moved(n)}`;
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'card.added',
      customerId,
      subject: { type: 'payment_instrument', id: card.id },
      summary: message,
      after: { role: makeDefault ? 'default' : null },
    });
    return { ok: true, customerId, message };
  });
}

/** Makes an active card the default or the backup (the card holding that role before loses it). */
export function setRole(deps: CardDeps, user: SessionUser, cardId: number, role: Role): Promise<Done> {
  return withLockedCard(deps, cardId, async (trx, card, today) => {
    const why = whyNotChargeable(card, today);
    if (why) return fail('not_chargeable', `${why} Only an active card can be the ${role}.`);
    const customerId = Number(card.customer_id);
    if (card.role === role) return { ok: true, customerId, message: `${cardName(card)} is already the ${role} card.` };
    const before = await cardWithRole(trx, customerId, role);
    const n = await giveRole(trx, card, role, deps.clock.now());
    const message = `${cardName(card)} is now the ${role} card${before ? ` (was ${cardName(before)})` : ''}${moved(n)}`;
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: `card.${role}_set`,
      customerId,
      subject: { type: 'payment_instrument', id: card.id },
      summary: message,
      before: { [role]: before?.id ?? null, role: card.role },
      after: { [role]: card.id, role },
    });
    return { ok: true, customerId, message };
  });
}

/** Deactivates a card for good: it keeps its history, loses its role and is never charged again. */
export function deactivateCard(deps: CardDeps, user: SessionUser, cardId: number): Promise<Done> {
  return withLockedCard(deps, cardId, async (trx, card) => {
    const customerId = Number(card.customer_id);
    if (card.deactivated_at) return { ok: true, customerId, message: `${cardName(card)} is already deactivated.` };
    const now = deps.clock.now();
    await trx('payment_instruments')
      .where({ id: card.id })
      .update({ deactivated_at: now, role: null, updated_at: now });
    const message = `Deactivated ${cardName(card)}${card.role ? ` (it was the ${card.role} card)` : ''}; it will never be charged again`;
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'card.deactivated',
      customerId,
      subject: { type: 'payment_instrument', id: card.id },
      summary: message,
      before: { role: card.role, deactivated_at: null },
      after: { role: null, deactivated_at: now },
    });
    return { ok: true, customerId, message };
  });
}
