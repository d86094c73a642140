import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { idempotencyKey, reasonFrom } from '../http/forms';
import { fail, NotFoundError, type Result } from '../lib/results';
import { cancelOrder, type SaleOutcome } from '../orders/service';

export const denyCommand = (reasons: string[]) =>
  z.object({ reason: reasonFrom(reasons), idempotency_key: idempotencyKey });

type Decided = Result<{ publicId: string; message: string; refunds: SaleOutcome[] }, 'decided'>;

/**
 * Marks a pending review approved or denied, once: the review row is locked, so a double click or a second
 * tab finds it decided. Approving releases the order's parcels held for it (hold → pending).
 */
async function decide(deps: Deps, user: SessionUser, id: number, state: 'approved' | 'denied', reason?: string) {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const review = await trx('qa_reviews as r')
      .join('orders as o', 'o.id', 'r.order_id')
      .leftJoin('users as u', 'u.id', 'r.decided_by')
      .select('r.*', 'o.public_id', 'u.name as decided_by_name')
      .where('r.id', id)
      .forUpdate('r')
      .first();
    if (!review) throw new NotFoundError('That review');
    if (review.state !== 'pending')
      return fail(
        'decided',
        `Order ${review.public_id} was already ${review.state} by ${review.decided_by_name ?? 'someone'}.`,
      );
    await trx('qa_reviews')
      .where({ id })
      .update({ state, deny_reason: reason ?? null, decided_by: user.id, decided_at: now });
    const released =
      state === 'approved'
        ? await trx('fulfillments')
            .where({ order_id: review.order_id, status: 'hold' })
            .update({ status: 'pending', updated_at: now })
        : 0;
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: `qa.${state}`,
      customerId: review.customer_id,
      subject: { type: 'order', id: review.public_id },
      summary:
        state === 'approved'
          ? `Approved order ${review.public_id} in QA; ${released} parcel(s) released for shipping`
          : `Denied order ${review.public_id} in QA — ${reason}; the order is cancelled and its charges voided or refunded`,
      before: { state: 'pending' },
      after: { state },
    });
    return { ok: true as const, publicId: review.public_id as string, released };
  });
}

export async function approveReview(deps: Deps, user: SessionUser, id: number): Promise<Decided> {
  const done = await decide(deps, user, id, 'approved');
  if (!done.ok) return done;
  return { ...done, message: `Order ${done.publicId} approved; ${done.released} parcel(s) released.`, refunds: [] };
}

/**
 * Denies the order, then cancels it through the one order cancellation (parcels, subscriptions, the
 * customer's email) with a full refund, which voids a charge not yet settled and refunds one that is. The
 * review is decided first: if the process died before the cancellation, the order stays unshipped and
 * unbilled (its parcels are on hold, the rebill skips it) until an agent cancels it from the order page.
 */
export async function denyReview(deps: Deps, user: SessionUser, id: number, input: { reason: string; key: string }) {
  const done = await decide(deps, user, id, 'denied', input.reason);
  if (!done.ok) return done;
  const cancelled = await cancelOrder(deps, user, done.publicId, {
    reason: input.reason,
    refund: true,
    key: input.key,
  });
  const refunds = cancelled.ok ? cancelled.refunds : [];
  const note = cancelled.ok ? '' : ` ${cancelled.message}`;
  return { ...done, message: `Order ${done.publicId} denied and cancelled.${note}`, refunds } satisfies Decided;
}
