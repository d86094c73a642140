import { recordEvent } from '../audit/record';
import type { Deps } from '../deps';
import { formatMoney } from '../lib/money';
import type { GatewayResult } from './gateway';

/**
 * For a gateway whose sales are authorisations (Stripe), the batch first captures each pending sale
 * made before it, one call at a time, outside any transaction, with the key `capture:<sale id>` so a
 * batch run twice (two containers, a crash) captures once. It returns the sales captured; only those
 * are then marked settled. A sale whose void started meanwhile is not marked settled: the void meets
 * a captured charge, is declined, and the next batch books the capture. A refused capture (an
 * expired authorisation) is recorded for the agents; an unknown one is tried again at the next batch.
 */
export async function capturePendingSales(
  deps: Pick<Deps, 'db' | 'clock' | 'gateway'>,
  capture: NonNullable<Deps['gateway']['capture']>,
  madeBefore: Date,
): Promise<number[]> {
  const sales = await deps
    .db('transactions as t')
    .leftJoin('payment_instruments as pi', 'pi.id', 't.payment_instrument_id')
    .where({ 't.type': 'sale', 't.status': 'pending', 't.queued_cents': 0, 't.gateway': deps.gateway.name })
    .where('t.created_at', '<', madeBefore)
    .orderBy('t.id')
    .select('t.id', 't.customer_id', 't.amount_cents', 't.currency', 't.gateway_reference', 'pi.gateway_token');
  const captured: number[] = [];
  for (const sale of sales) {
    const answer: GatewayResult = await capture({
      idempotencyKey: `capture:${sale.id}`,
      token: sale.gateway_token ?? '',
      amountCents: Number(sale.amount_cents),
      currency: sale.currency,
      attemptId: sale.id,
      saleReference: sale.gateway_reference ?? '',
    }).catch((err: Error) => ({ outcome: 'errored', message: err.message }));
    if (answer.outcome === 'approved') captured.push(sale.id);
    if (answer.outcome === 'declined')
      await recordEvent(deps.db, {
        actor: { kind: 'job', name: 'Settlement batch' },
        kind: 'transaction.capture_declined',
        customerId: sale.customer_id,
        subject: { type: 'transaction', id: sale.id },
        summary: `Capture of ${formatMoney(sale.amount_cents, sale.currency)} (#${sale.id}) refused by the gateway: ${answer.message}`,
      });
  }
  return captured;
}
