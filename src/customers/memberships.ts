import type { Knex } from 'knex';
import { z } from 'zod';
import { type Actor, actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { fail, NotFoundError, type Result } from '../lib/results';
import { parseId } from '../http/params';
import { lockCustomer } from './queries';

export const clubCommand = z.object({
  name: z.string().trim().min(1, 'Enter the name of the club.').max(80),
  product_id: z
    .string()
    .optional()
    .transform((v) => parseId(v) ?? null),
});

export const membershipClubs = (db: Db) =>
  db('membership_clubs as m')
    .leftJoin('products as p', 'p.id', 'm.product_id')
    .select('m.id', 'm.name', 'm.product_id', 'm.retired_at', 'p.name as product_name')
    .orderBy('m.name');

/** The products a club may be granted by. */
export const clubProducts = (db: Db) => db('products').select('id', 'name').orderBy('name');

export async function addClub(
  db: Db,
  user: SessionUser,
  input: z.infer<typeof clubCommand>,
): Promise<Result<object, 'name_taken'>> {
  return db.transaction(async (trx) => {
    const [row] = await trx('membership_clubs').insert(input).onConflict('name').ignore().returning('id');
    if (!row)
      return fail('name_taken', 'There is already a club with this name.', {
        club_name: 'There is already a club with this name.',
      });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'club.created',
      subject: { type: 'club', id: row.id },
      summary: `Created the membership club ${input.name}${input.product_id ? ` (granted by product #${input.product_id})` : ''}`,
      after: input,
    });
    return { ok: true as const };
  });
}

/** The tab: the customer's memberships, newest first, each with the purchase that granted it. */
export async function membershipsTab(db: Db, customerId: number) {
  const [memberships, clubs] = await Promise.all([
    db('customer_memberships')
      .select('id', 'club', 'status', 'started_at', 'ended_at', 'purchase_id')
      .where({ customer_id: customerId })
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]),
    db('membership_clubs').select('id', 'name').whereNull('retired_at').orderBy('name'),
  ]);
  return { memberships, clubs };
}

/** An agent adds the customer to a club by hand; one active membership per club. */
export async function addMembership(
  db: Db,
  user: SessionUser,
  customerId: number,
  clubId: number,
  now: Date,
): Promise<Result<object, 'already_member' | 'retired'>> {
  return db.transaction(async (trx) => {
    await lockCustomer(trx, customerId);
    const club = await trx('membership_clubs').where({ id: clubId }).first('id', 'name', 'retired_at');
    if (!club) throw new NotFoundError('That club');
    if (club.retired_at)
      return fail('retired', `${club.name} is retired: nobody new joins it.`, {
        club_id: `${club.name} is retired: nobody new joins it.`,
      });
    const active = await trx('customer_memberships')
      .where({ customer_id: customerId, club_id: clubId, status: 'active' })
      .first('id');
    if (active)
      return fail('already_member', `Already an active member of ${club.name}.`, {
        club_id: `Already an active member of ${club.name}.`,
      });
    await trx('customer_memberships').insert({
      customer_id: customerId,
      club: club.name,
      club_id: club.id,
      status: 'active',
      started_at: now,
    });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'membership.added',
      customerId,
      subject: { type: 'customer', id: customerId },
      summary: `Added to the membership club ${club.name}`,
    });
    return { ok: true as const };
  });
}

/** An agent ends a membership by hand (it stays listed as cancelled). */
export async function removeMembership(db: Db, user: SessionUser, customerId: number, membershipId: number, now: Date) {
  await db.transaction(async (trx) => {
    await lockCustomer(trx, customerId);
    const m = await trx('customer_memberships')
      .where({ id: membershipId, customer_id: customerId })
      .forUpdate()
      .first();
    if (!m) throw new NotFoundError('That membership');
    if (m.status !== 'active') return;
    await trx('customer_memberships').where({ id: m.id }).update({ status: 'cancelled', ended_at: now });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'membership.removed',
      customerId,
      subject: { type: 'customer', id: customerId },
      summary: `Removed from the membership club ${m.club}`,
      before: { status: 'active' },
      after: { status: 'cancelled' },
    });
  });
}

/**
 * A paid order grants the clubs of its products: one active membership per club, tied to the
 * order's purchase of that product when there is one (so cancelling the purchase ends it).
 */
export async function grantClubsForOrder(
  trx: Knex.Transaction,
  now: Date,
  actor: Actor,
  orderId: number,
  customerId: number,
  productIds: number[],
) {
  if (!productIds.length) return;
  const clubs = await trx('membership_clubs')
    .select('id', 'name', 'product_id')
    .whereIn('product_id', productIds)
    .whereNull('retired_at');
  for (const club of clubs) {
    const active = await trx('customer_memberships')
      .where({ customer_id: customerId, club_id: club.id, status: 'active' })
      .first('id');
    if (active) continue;
    const purchase = await trx('purchases')
      .where({ order_id: orderId, product_id: club.product_id })
      .orderBy('id', 'desc')
      .first('id');
    await trx('customer_memberships').insert({
      customer_id: customerId,
      club: club.name,
      club_id: club.id,
      purchase_id: purchase?.id ?? null,
      status: 'active',
      started_at: now,
    });
    await recordEvent(trx, {
      actor,
      kind: 'membership.granted',
      customerId,
      subject: { type: 'customer', id: customerId },
      summary: `Joined the membership club ${club.name} with ${purchase ? `subscription #${purchase.id}` : 'the order'}`,
    });
  }
}
