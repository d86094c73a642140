import { actorOf, recordEvent, userIdOf, type Actor } from '../audit/record';
import type { SessionUser } from '../auth/service';
import { moneyBackPossible } from '../cards/queries';
import { cardName, whyNotChargeable } from '../cards/status';
import type { Deps } from '../deps';
import { dayIn } from '../lib/clock';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import type { GatewayResult } from './gateway';

type Row = Record<string, any>;

export interface PayoutInput {
  cardId: number;
  amountCents: number;
  currency: string;
  description: string;
  key: string;
  /** The agent ticked that this is not a refund of a charge that could still be refunded. */
  notARefund: boolean;
}
export type PayoutResult = Result<{ message: string }, string>;

/**
 * A payout sends money to one of the customer's cards (a `credit` transaction): the same three
 * steps as a charge — the attempt row (`sending`, the form's request id as idempotency key) in a
 * short transaction with the customer locked, the gateway asked outside it, the answer booked in
 * another. It cannot be reversed; when the customer has a charge that can still be refunded or
 * voided, the agent must first say this is not a refund (money back for a charge is a refund).
 */
export async function sendPayout(deps: Deps, user: SessionUser, customerId: number, input: PayoutInput) {
  if (!deps.gateway.credit) return fail('not_supported', `The ${deps.gateway.name} gateway cannot send payouts.`);
  const now = deps.clock.now();
  const started = await deps.db.transaction(async (trx) => {
    const earlier = await trx('transactions').where({ idempotency_key: input.key }).first();
    if (earlier) return { earlier };
    if (!(await trx('customers').where({ id: customerId }).forUpdate().first('id')))
      throw new NotFoundError('That customer');
    const card = await trx('payment_instruments').where({ id: input.cardId, customer_id: customerId }).first();
    if (!card) return fail('no_card', 'Choose one of this customer’s cards.', { card_id: 'Choose a card on file.' });
    const why = whyNotChargeable(card, dayIn(now, deps.config.tz));
    if (why) return fail('not_chargeable', why, { card_id: why });
    const open = await moneyBackPossible(trx, customerId);
    if (open && !input.notARefund)
      return fail('refundable_charge', 'This customer has a charge that can still be refunded.', {
        not_a_refund: `Charge #${open.id} can still be refunded: refund it if the money is for it, or tick this box.`,
      });
    const [row] = await trx('transactions')
      .insert({
        customer_id: customerId,
        payment_instrument_id: card.id,
        type: 'credit',
        status: 'sending',
        amount_cents: input.amountCents,
        currency: input.currency,
        gateway: deps.gateway.name,
        idempotency_key: input.key,
        reason: input.description,
        user_id: userIdOf(user),
        created_at: now,
        updated_at: now,
      })
      .returning('*');
    return { row };
  });
  if ('ok' in started) return started;
  if ('earlier' in started) return answered(started.earlier, customerId);
  return answered(await bookPayout(deps, started.row.id, await askGatewayToCredit(deps, started.row), actorOf(user)));
}

/** Step 2, for a new payout or one the reconciler repeats with the same key; a throw is an unknown answer. */
export async function askGatewayToCredit(deps: Pick<Deps, 'db' | 'gateway'>, row: Row): Promise<GatewayResult> {
  const card = await deps.db('payment_instruments').where({ id: row.payment_instrument_id }).first('gateway_token');
  if (!deps.gateway.credit) return { outcome: 'errored', message: 'This gateway cannot send payouts' };
  try {
    return await deps.gateway.credit({
      idempotencyKey: row.idempotency_key,
      token: card?.gateway_token ?? '',
      amountCents: Number(row.amount_cents),
      currency: row.currency,
      attemptId: row.id,
    });
  } catch (err) {
    return { outcome: 'errored', message: `No answer from the gateway (${(err as Error).message})` };
  }
}

const STATUS_OF = { approved: 'approved', declined: 'declined', errored: 'errored' } as const;

/** Step 3: the answer booked with the row locked, with its event; a row already booked stays as it is. */
export async function bookPayout(
  deps: Pick<Deps, 'db' | 'clock'>,
  id: number,
  answer: GatewayResult,
  actor: Actor,
): Promise<Row> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const row = await trx('transactions').where({ id, type: 'credit' }).forUpdate().first();
    const open = row.status === 'sending' || (row.status === 'errored' && answer.outcome !== 'errored');
    if (!open) return row;
    const status = STATUS_OF[answer.outcome];
    const reference = answer.outcome === 'approved' ? answer.reference : null;
    const [booked] = await trx('transactions')
      .where({ id })
      .update({
        status,
        gateway_reference: reference,
        gateway_message: answer.message,
        booked_at: now,
        updated_at: now,
      })
      .returning('*');
    const card = await trx('payment_instruments').where({ id: row.payment_instrument_id }).first('brand', 'last4');
    const what = `Payout #${id} of ${formatMoney(row.amount_cents, row.currency)} to ${cardName(card)} (${row.reason})`;
    await recordEvent(trx, {
      actor,
      kind: `transaction.payout_${status}`,
      customerId: row.customer_id,
      subject: { type: 'transaction', id },
      summary:
        status === 'approved'
          ? `${what} sent`
          : status === 'declined'
            ? `${what} declined: ${answer.message}`
            : `${what}: no answer from the gateway; it is being checked with the gateway`,
      before: { status: row.status },
      after: { status },
    });
    return booked;
  });
}

/** What the agent reads about a payout row, new or sent before with the same request id. */
function answered(row: Row, customerId?: number): PayoutResult {
  if (customerId !== undefined && (row.type !== 'credit' || Number(row.customer_id) !== customerId))
    return fail('key_reused', 'This form was already used for another action. Reload the page and try again.');
  const amount = formatMoney(row.amount_cents, row.currency);
  if (row.status === 'approved') return { ok: true, message: `Payout of ${amount} sent.` };
  if (row.status === 'declined') return fail('declined', `The gateway declined the payout: ${row.gateway_message}.`);
  return fail(
    'errored',
    `The gateway did not answer, so it is not known whether ${amount} was sent. It is being checked with the gateway; it will never be sent twice.`,
  );
}
