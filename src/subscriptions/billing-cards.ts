import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import { blockedBecause } from '../blocklist/service';
import { type Card, cardName, isChargeable, whyNotChargeable } from '../cards/status';
import type { Deps } from '../deps';
import { formatMoney } from '../lib/money';
import { type BookingTime, type ChargeOutcome, type ChargePurpose, sendCharge, startCharge } from '../payments/charges';
import { isRebill, purchaseCharge } from './charge-booking';
import { priceCycle } from './cycle-price';

type Row = Record<string, any>;

/** The customer's default, then backup card, active today and not `exceptId`. */
async function spareCard(trx: Knex.Transaction, customerId: number, today: string, exceptId: number | null) {
  const cards: Card[] = await trx('payment_instruments')
    .where({ customer_id: customerId })
    .whereIn('role', ['default', 'backup'])
    .orderByRaw("role = 'default' DESC");
  return cards.find((c) => Number(c.id) !== Number(exceptId) && isChargeable(c, today)) ?? null;
}

/**
 * The card a subscription's charge goes on: its own while it is active. An expired or deactivated
 * card is skipped, with a history line, for the customer's default card (or else the backup); with
 * neither, the charge has no card (and the rebill recycles it as it does any charge without one).
 */
export async function cardToBill(trx: Knex.Transaction, at: BookingTime, actor: Actor, p: Row): Promise<Row | null> {
  const own = p.payment_instrument_id
    ? await trx('payment_instruments').where({ id: p.payment_instrument_id }).first()
    : null;
  const why = own && whyNotChargeable(own, at.today);
  if (!why) return own;
  const spare = await spareCard(trx, p.customer_id, at.today, own.id);
  await recordEvent(trx, {
    actor,
    kind: 'purchase.card_skipped',
    customerId: p.customer_id,
    subject: { type: 'purchase', id: p.id },
    summary: `Subscription #${p.id} not billed on ${cardName(own)}: ${why} ${
      spare ? `Billed on ${cardName(spare)} (the ${spare.role} card) instead.` : 'No other active card to bill.'
    }`,
  });
  return spare;
}

/**
 * The backup card a rebill will try once if the subscription's card declines: the customer's
 * active backup card, not the card being charged, not on the blocklist. Decided with the first
 * attempt, so its booking knows whether to recycle; an agent's force bill has none.
 */
export async function backupFor(
  trx: Knex.Transaction,
  at: BookingTime,
  customer: Row,
  card: Row,
  key: string,
): Promise<Card | null> {
  if (!isRebill(key)) return null;
  const backup = await trx('payment_instruments').where({ customer_id: customer.id, role: 'backup' }).first();
  if (!backup || Number(backup.id) === Number(card.id) || !isChargeable(backup, at.today)) return null;
  return (await blockedBecause(trx, at.now, customer, backup)) ? null : backup;
}

/**
 * How the first attempt of a rebill is booked when a backup card is waiting: a decline does not
 * recycle — the backup is tried once (`tryBackup`) and its own answer decides. Without a backup,
 * and whenever the reconciler books a late answer, `purchaseCharge` books it.
 */
export const chargeBeforeBackup = (backup: Card | null): ChargePurpose =>
  backup
    ? {
        approved: purchaseCharge.approved,
        async declined(trx, _at, sale, actor, answer) {
          await recordEvent(trx, {
            actor,
            kind: 'purchase.bill_declined',
            customerId: sale.customer_id,
            subject: { type: 'purchase', id: sale.purchase_id },
            summary: `Billing ${formatMoney(sale.amount_cents, sale.currency)} for cycle ${sale.billing_cycle} of subscription #${sale.purchase_id} declined: ${answer.message}; the backup card ${cardName(backup)} is tried once`,
          });
          return `The card was declined: ${answer.message}. The backup card ${cardName(backup)} is tried once.`;
        },
      }
    : purchaseCharge;

/**
 * After the first attempt declined: one more on the backup card, a sale row of its own (key
 * `<rebill key>:backup`) through the one charge path, booked as any subscription charge (a decline
 * recycles). A backup deactivated meanwhile is refused by the charge path as a hard decline.
 */
export async function tryBackup(
  deps: Deps,
  actor: Actor,
  first: Row,
  backup: Row | null,
): Promise<ChargeOutcome | null> {
  if (!backup) return null;
  const now = deps.clock.now();
  const sale = await deps.db.transaction(async (trx) => {
    // The purchase first: a rebill resuming after a crash (backup-resume.ts) may race this one.
    const p = await trx('purchases').where({ id: first.purchase_id }).forUpdate().first();
    const declined = await trx('transactions').where({ id: first.id }).first();
    const key = `${declined.idempotency_key}:backup`;
    if (declined.status !== 'declined' || (await trx('transactions').where({ idempotency_key: key }).first('id')))
      return null;
    await trx('customers').where({ id: p.customer_id }).forUpdate().first('id');
    // The decline gave back its coupon cycle and credit: priced afresh, they are reserved against this sale.
    const price = await priceCycle(
      trx,
      p,
      declined.billing_cycle,
      p.quantity * (p.next_price_cents ?? p.unit_price_cents),
    );
    if (price.charge === 0) return null;
    const retry = await startCharge(trx, now, deps.gateway.name, {
      customer_id: p.customer_id,
      order_id: declined.order_id,
      purchase_id: p.id,
      payment_instrument_id: backup.id,
      amount_cents: price.charge,
      currency: declined.currency,
      billing_cycle: declined.billing_cycle,
      idempotency_key: key,
      user_id: null,
      credit_used_cents: price.credit,
      discount_cents: price.discount,
    });
    await price.reserve(now, retry.id);
    return retry;
  });
  return sale ? sendCharge(deps, sale, purchaseCharge, actor) : null;
}
