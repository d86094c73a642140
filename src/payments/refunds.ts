import { actorOf, userIdOf } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Failure } from '../lib/results';
import { formatWhen } from '../lib/time';
import { bookMoneyBack, followUpRequest, MAX_RETRIES, startMoneyBack, type Booked, type Op } from './booking';
import { externalAnswer, isExternalAttempt } from './external';
import type { GatewayResult } from './gateway';
import { prepareOptions, type RefundOptions } from './refund-options';
import { decide, saleStateOf, type SaleStatus } from './states';

export interface MoneyBackInput extends RefundOptions {
  idempotencyKey: string;
  reason: string;
  /** Refunds only; a void is always the whole amount. */
  amountCents?: number;
}

export type MoneyBackResult =
  | { ok: true; transactionId: number; amountCents: number; saleStatus: SaleStatus; replayed: boolean; message: string }
  | Failure<'gateway_declined' | 'gateway_errored' | 'refund_queued' | 'key_reused' | 'in_flight' | string>;

export function refundTransaction(deps: Deps, user: SessionUser, saleId: number, input: MoneyBackInput) {
  return moveMoneyBack(deps, user, 'refund', saleId, input);
}

export function voidTransaction(deps: Deps, user: SessionUser, saleId: number, input: MoneyBackInput) {
  return moveMoneyBack(deps, user, 'void', saleId, input);
}

/** How long a repeated submit waits for the first one's gateway call before saying it is still running. */
const WAIT_FOR_FIRST_MS = 15_000;

/**
 * Refunds or voids a sale in three steps, so no crash can lose money the gateway moved:
 * 1. a short transaction locks the sale, checks the rule (the hold of other refunds in flight
 *    counts), and commits the attempt row with the amount held;
 * 2. the gateway is called with the form's idempotency key, outside any transaction;
 * 3. a short transaction books the answer (booking.ts).
 * A repeated key replays the first result (waiting for it if it is still in flight); a repeated key
 * after an unknown answer asks the gateway again with that key, which can only learn, never repeat.
 */
async function moveMoneyBack(
  deps: Deps,
  user: SessionUser,
  op: Op,
  saleId: number,
  input: MoneyBackInput,
): Promise<MoneyBackResult> {
  const started = await deps.db.transaction(async (trx) => {
    const sale = await trx('transactions').where({ id: saleId, type: 'sale' }).forUpdate().first();
    if (!sale) throw new NotFoundError('That charge');
    const earlier = await trx('transactions').where({ idempotency_key: input.idempotencyKey }).first();
    if (earlier) {
      if (earlier.parent_id !== saleId || earlier.type !== op)
        return fail('key_reused', 'This form was already used for another action. Reload the page and try again.');
      return { earlier };
    }
    const options = await prepareOptions(trx, user, sale, op, input);
    if ('ok' in options) return options;
    const decision = decide(op, saleStateOf(sale), options.amountCents);
    if (!decision.ok) return decision;
    return {
      row: await startMoneyBack(trx, deps.clock.now(), sale, {
        ...options,
        op,
        amountCents: decision.amountCents,
        key: input.idempotencyKey,
        reason: input.reason,
        userId: userIdOf(user),
      }),
    };
  });
  if ('ok' in started) return started;
  if ('earlier' in started) return again(deps, user, started.earlier);
  const answer = await askGateway(deps, op, started.row);
  return outcome(deps, await bookMoneyBack(deps, started.row.id, answer, actorOf(user)), false);
}

/**
 * Step 2, for any refund or void attempt row; a thrown error is an unknown answer, never a decline.
 * An external attempt is never sent: its money already moved outside the app.
 */
export async function askGateway(
  deps: Pick<Deps, 'db' | 'gateway'>,
  op: Op,
  row: Record<string, any>,
): Promise<GatewayResult> {
  if (isExternalAttempt(row)) return externalAnswer(row);
  const request = await followUpRequest(deps.db, row);
  try {
    return op === 'refund' ? await deps.gateway.refund(request) : await deps.gateway.void(request);
  } catch (err) {
    return { outcome: 'errored', message: `No answer from the gateway (${(err as Error).message})` };
  }
}

/** The same form submitted again: wait for a first attempt still in flight, learn an unknown one, or replay. */
async function again(deps: Deps, user: SessionUser, earlier: Record<string, any>): Promise<MoneyBackResult> {
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  let row = earlier;
  while (row.status === 'sending' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    row = await deps.db('transactions').where({ id: row.id }).first();
  }
  if (row.status === 'sending')
    return fail(
      'in_flight',
      'This action is still waiting for the gateway. Reload the page in a minute to see its outcome.',
    );
  if (row.status === 'errored') {
    const answer =
      (await deps.gateway.lookup(row.idempotency_key).catch(() => null)) ?? (await askGateway(deps, row.type, row));
    if (answer.outcome === 'errored')
      return fail(
        'gateway_errored',
        'The gateway still does not answer. The amount stays held; try again in a few minutes.',
      );
    return outcome(deps, await bookMoneyBack(deps, row.id, answer, actorOf(user)), false);
  }
  const sale = await deps.db('transactions').where({ id: row.parent_id }).first('status');
  return outcome(deps, { row, saleStatus: sale.status, booked: false }, true);
}

/** What the agent is told about a booked (or replayed) attempt. */
function outcome(deps: Deps, b: Booked, replayed: boolean): MoneyBackResult {
  const { row } = b;
  const op: Op = row.type;
  const amount = formatMoney(row.amount_cents, row.currency);
  if (row.status === 'approved') {
    const done = `${op === 'refund' ? 'Refunded' : 'Voided'} ${amount}.`;
    return {
      ok: true,
      transactionId: row.id,
      amountCents: Number(row.amount_cents),
      saleStatus: b.saleStatus,
      replayed,
      message: replayed ? `Already done: ${done.charAt(0).toLowerCase()}${done.slice(1)}` : done,
    };
  }
  if (row.status === 'errored') {
    return fail(
      'gateway_errored',
      `The gateway did not answer, so it is not known whether the ${op} went through. ${amount} is held on this charge while it is checked with the gateway; submitting the same form again only checks — it will never ${op} twice.`,
    );
  }
  if (op === 'void') return fail('gateway_declined', `The gateway declined the void: ${row.gateway_message}.`);
  const when = b.queuedUntil ? ` — retry 1 of ${MAX_RETRIES} on ${formatWhen(b.queuedUntil, deps.config.tz)}` : '';
  return fail(
    'refund_queued',
    `The gateway declined the refund (${row.gateway_message}). Refund queued${when}. ${amount} is held meanwhile.`,
  );
}
