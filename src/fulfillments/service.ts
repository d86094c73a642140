import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { fail, NotFoundError, type Result } from '../lib/results';
import { decideFulfillment, reshipReference, type FulfillmentAction } from './states';

type Outcome = Result<{ message: string; customerId: number; orderId: number }, 'not_allowed'>;

async function lock(trx: Db, id: number) {
  const f = await trx('fulfillments').where({ id }).forUpdate().first();
  if (!f) throw new NotFoundError('That fulfillment');
  return f;
}

/** Cancel, or move along a fulfillment (ship with tracking, deliver, return, fail, hold, release). */
export async function changeFulfillment(
  db: Db,
  user: SessionUser,
  id: number,
  action: Exclude<FulfillmentAction, 'reship'>,
  now: Date,
  tracking?: { carrier: string; number: string },
): Promise<Outcome> {
  return db.transaction(async (trx) => {
    const f = await lock(trx as unknown as Db, id);
    const d = decideFulfillment(action, f.status);
    if (!d.ok) return fail(d.code, d.message);
    const changes = {
      status: d.next,
      updated_at: now,
      ...(action === 'ship'
        ? { carrier: tracking?.carrier ?? null, tracking_number: tracking?.number ?? null, shipped_at: now }
        : {}),
    };
    await trx('fulfillments').where({ id }).update(changes);
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: `fulfillment.${action}`,
      customerId: f.customer_id,
      subject: { type: 'fulfillment', id },
      summary: `Fulfillment ${f.reference}: ${f.status} → ${d.next}${action === 'ship' && tracking?.number ? ` (${tracking.carrier} ${tracking.number})` : ''}`,
      before: { status: f.status, tracking_number: f.tracking_number },
      after: { status: d.next, tracking_number: action === 'ship' ? (tracking?.number ?? null) : f.tracking_number },
    });
    return {
      ok: true,
      message: `Fulfillment ${f.reference} is now ${String(d.next).replace('_', ' ')}.`,
      customerId: f.customer_id,
      orderId: f.order_id,
    };
  });
}

/** Reship: a new pending fulfillment of the same items, its reference suffixed -R1, -R2 … */
export async function reshipFulfillment(db: Db, user: SessionUser, id: number, now: Date): Promise<Outcome> {
  return db.transaction(async (trx) => {
    const f = await lock(trx as unknown as Db, id);
    const d = decideFulfillment('reship', f.status);
    if (!d.ok) return fail(d.code, d.message);
    const rootId = f.reship_of_id ?? f.id;
    const root = rootId === f.id ? f : await trx('fulfillments').where({ id: rootId }).forUpdate().first();
    const [{ n }] = await trx('fulfillments').where({ reship_of_id: rootId }).count({ n: '*' });
    const reference = reshipReference(root.reference, Number(n) + 1);
    const [created] = await trx('fulfillments')
      .insert({
        order_id: f.order_id,
        customer_id: f.customer_id,
        purchase_id: f.purchase_id,
        reship_of_id: rootId,
        reference,
        status: 'pending',
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    await trx.raw(
      'INSERT INTO fulfillment_items (fulfillment_id, product_option_id, name, quantity) SELECT ?, product_option_id, name, quantity FROM fulfillment_items WHERE fulfillment_id = ?',
      [created.id, f.id],
    );
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'fulfillment.reship',
      customerId: f.customer_id,
      subject: { type: 'fulfillment', id: created.id },
      summary: `Reshipped ${f.reference} as ${reference}`,
      after: { reference, reship_of: f.reference },
    });
    return {
      ok: true,
      message: `Reship ${reference} created; it ships with the next batch.`,
      customerId: f.customer_id,
      orderId: f.order_id,
    };
  });
}
