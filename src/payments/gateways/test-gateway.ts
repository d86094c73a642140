import crypto from 'node:crypto';
import type { Db } from '../../db/knex';
import type { ChargeRequest, FollowUpRequest, Gateway, GatewayResult } from '../gateway';
import { instrumentFor, TEST_CARDS, type CardBehaviour } from './test-cards';

const behaviourOf = (token: string): CardBehaviour =>
  TEST_CARDS.find((c) => `test_${c.number}` === token)?.behaviour ?? { kind: 'approve' };

type Operation = 'charge' | 'void' | 'refund' | 'credit';

/**
 * The built-in gateway. It behaves by card (test-cards.ts) and keeps its books in
 * `test_gateway_operations`, so a repeated idempotency key gets the first answer back. The timeout
 * card processes the operation but loses the reply (the caller sees `errored`); a later call with the
 * same key, or `lookup`, returns what really happened — as with a real gateway.
 */
export class TestGateway implements Gateway {
  readonly name = 'test';
  readonly sandboxCards = TEST_CARDS;
  /** Calls that reached the gateway (replays included), for tests and benchmarks. */
  calls = 0;

  constructor(
    private readonly db: Db,
    private readonly latencyMs = 0,
  ) {}

  charge(req: ChargeRequest) {
    return this.operate('charge', req, null);
  }

  void(req: FollowUpRequest) {
    return this.operate('void', req, req.saleReference);
  }

  refund(req: FollowUpRequest) {
    return this.operate('refund', req, req.saleReference);
  }

  credit(req: ChargeRequest) {
    return this.operate('credit', req, null);
  }

  cardFromNumber(number: string, exp?: { month: number; year: number }) {
    return instrumentFor(number, exp);
  }

  async lookup(idempotencyKey: string): Promise<GatewayResult | null> {
    const row = await this.db('test_gateway_operations').where({ idempotency_key: idempotencyKey }).first();
    return row ? toResult(row) : null;
  }

  private async operate(
    operation: Operation,
    req: ChargeRequest,
    saleReference: string | null,
  ): Promise<GatewayResult> {
    this.calls++;
    // The configured latency is the whole time the gateway takes to answer: its own bookkeeping
    // happens within it, as on a real gateway's side.
    const [stored] = await Promise.all([
      this.book(operation, req, saleReference),
      new Promise((r) => setTimeout(r, this.latencyMs)),
    ]);
    if (behaviourOf(req.token).kind === 'timeout' && !stored.replay)
      return { outcome: 'errored', message: 'The gateway did not answer in time.' };
    return toResult(stored.row);
  }

  /** One answer per key, even when the same key arrives twice at once: the first insert wins. */
  private async book(operation: Operation, req: ChargeRequest, saleReference: string | null) {
    const { outcome, message } = await this.answer(operation, behaviourOf(req.token), saleReference);
    const [row] = await this.db('test_gateway_operations')
      .insert({
        idempotency_key: req.idempotencyKey,
        operation,
        token: req.token,
        reference: `tg_${operation}_${crypto.randomBytes(8).toString('hex')}`,
        sale_reference: saleReference,
        amount_cents: req.amountCents,
        outcome,
        message,
      })
      .onConflict('idempotency_key')
      .ignore()
      .returning('*');
    return row
      ? { row, replay: false }
      : {
          row: await this.db('test_gateway_operations').where({ idempotency_key: req.idempotencyKey }).first(),
          replay: true,
        };
  }

  private async answer(
    operation: Operation,
    b: CardBehaviour,
    saleReference: string | null,
  ): Promise<{ outcome: 'approved' | 'declined'; message: string }> {
    // A card that declines charges declines payouts too (a closed or stolen card takes no money either).
    if ((operation === 'charge' || operation === 'credit') && b.kind === 'decline')
      return { outcome: 'declined', message: b.reason };
    if (operation === 'void' && b.kind === 'void_refused')
      return { outcome: 'declined', message: 'Void refused by the processor' };
    if (operation === 'refund' && b.kind === 'refund_always_declined')
      return { outcome: 'declined', message: 'Refund not permitted by issuer' };
    if (operation === 'refund' && b.kind === 'refund_declines') {
      const [{ n }] = await this.db('test_gateway_operations')
        .where({ sale_reference: saleReference, operation: 'refund', outcome: 'declined' })
        .count({ n: '*' });
      if (Number(n) < b.times)
        return { outcome: 'declined', message: `Refund declined by issuer (attempt ${Number(n) + 1})` };
    }
    return { outcome: 'approved', message: 'Approved' };
  }
}

function toResult(row: { outcome: string; reference: string; message: string; token: string }): GatewayResult {
  if (row.outcome === 'approved') return { outcome: 'approved', reference: row.reference, message: row.message };
  const b = behaviourOf(row.token);
  return { outcome: 'declined', message: row.message, hard: b.kind === 'decline' && b.hard };
}
