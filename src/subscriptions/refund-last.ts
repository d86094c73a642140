import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { refundTransaction, voidTransaction } from '../payments/refunds';
import { canRefund, canVoid, saleStateOf } from '../payments/states';

/**
 * "Refund the last billing" of a cancellation: the purchase's newest charge that took money is voided
 * while unsettled and refunded (all that is left) once settled, through the single refund path. Runs
 * after the cancellation has committed; its key makes a repeat (a retried job, a double click) give
 * the money back once. Returns the sentence for the agent, or null when nothing is left to give back.
 */
export async function refundLastBilling(
  deps: Deps,
  user: SessionUser,
  purchaseId: number,
  reason: string,
  key: string,
): Promise<string | null> {
  const sale = await deps
    .db('transactions')
    .where({ purchase_id: purchaseId, type: 'sale' })
    .whereIn('status', ['pending', 'settled', 'partially_refunded'])
    .orderBy('id', 'desc')
    .first();
  if (!sale) return null;
  const state = saleStateOf(sale);
  const input = { idempotencyKey: `${key}:last:${sale.id}`, reason };
  const result = canVoid(state)
    ? await voidTransaction(deps, user, sale.id, input)
    : canRefund(state)
      ? await refundTransaction(deps, user, sale.id, input)
      : null;
  return result && `Last billing (charge #${sale.id}): ${result.message}`;
}
