import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import { blockedBecause } from '../blocklist/service';
import { type Card, cardName, isChargeable, whyNotChargeable } from '../cards/status';
import type { Deps } from '../deps';
import { dayIn } from '../lib/clock';
import { formatMoney } from '../lib/money';
import { type BookingTime, type ChargeOutcome, type ChargePurpose, sendCharge, startCharge } from '../payments/charges';
import { isRebill, purchaseCharge, recycle } from './charge-booking';

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

const backupOf = async (trx: Knex.Transaction, sale: Row, today: string) => {
  const card = await trx('payment_instruments').where({ customer_id: sale.customer_id, role: 'backup' }).first();
  return card && Number(card.id) !== Number(sale.payment_instrument_id) && isChargeable(card, today) ? card : null;
};
const isBackupAttempt = (sale: Row) => sale.idempotency_key.endsWith(':backup');

/**
 * How a subscription's charge is booked when a backup attempt may follow: a rebill declined on the
 * subscription's card, with an active backup card, does not recycle yet — the backup is tried once
 * (`tryBackup`), and its own answer decides. Anything else is booked as `purchaseCharge` books it.
 */
export const chargeBeforeBackup: ChargePurpose = {
  approved: purchaseCharge.approved,
  async declined(trx, at, sale, actor, answer) {
    const backup = isRebill(sale.idempotency_key) && !isBackupAttempt(sale) && (await backupOf(trx, sale, at.today));
    if (!backup) return purchaseCharge.declined(trx, at, sale, actor, answer);
    await recordEvent(trx, {
      actor,
      kind: 'purchase.bill_declined',
      customerId: sale.customer_id,
      subject: { type: 'purchase', id: sale.purchase_id },
      summary: `Billing ${formatMoney(sale.amount_cents, sale.currency)} for cycle ${sale.billing_cycle} of subscription #${sale.purchase_id} declined: ${answer.message}; the backup card ${cardName(backup)} is tried once`,
    });
    return `The card was declined: ${answer.message}. The backup card ${cardName(backup)} is tried once.`;
  },
};

/**
 * After a rebill declined on the subscription's card: one more attempt on the backup card, a sale
 * row of its own (key `<rebill key>:backup`), through the one charge path. If the backup can no
 * longer be used (deactivated meanwhile, or on the blocklist) the first decline recycles as usual.
 */
export async function tryBackup(deps: Deps, actor: Actor, first: Row): Promise<ChargeOutcome | null> {
  if (!isRebill(first.idempotency_key) || isBackupAttempt(first)) return null;
  const now = deps.clock.now();
  const at = { now, today: dayIn(now, deps.config.tz) };
  const sale = await deps.db.transaction(async (trx) => {
    const declined = await trx('transactions').where({ id: first.id }).first();
    const key = `${declined.idempotency_key}:backup`;
    if (declined.status !== 'declined' || (await trx('transactions').where({ idempotency_key: key }).first('id')))
      return null;
    const p = await trx('purchases').where({ id: declined.purchase_id }).forUpdate().first();
    const customer = await trx('customers').where({ id: p.customer_id }).forUpdate().first();
    const card = await backupOf(trx, declined, at.today);
    if (!card || (await blockedBecause(trx, now, customer, card))) {
      await recycle(trx, at, actor, p, declined.gateway_message);
      return null;
    }
    return startCharge(trx, now, deps.gateway.name, {
      customer_id: p.customer_id,
      order_id: declined.order_id,
      purchase_id: p.id,
      payment_instrument_id: card.id,
      amount_cents: Number(declined.amount_cents),
      currency: declined.currency,
      billing_cycle: declined.billing_cycle,
      idempotency_key: key,
      user_id: null,
      credit_used_cents: Number(declined.credit_used_cents),
    });
  });
  return sale ? sendCharge(deps, sale, purchaseCharge, actor) : null;
}
