import type { Knex } from 'knex';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { fail, NotFoundError, type Result } from '../lib/results';
import { declineKind, type RecycleAttempt } from './recycle-rule';

export interface RecycleProfile {
  id: number;
  name: string;
  is_default: boolean;
  attempts: RecycleAttempt[];
  product_ids: number[];
}
export interface ProfileInput {
  name: string;
  is_default: boolean;
  attempts: RecycleAttempt[];
  product_ids: number[];
}

/** Every profile with the products that use it, the default first. */
export async function recycleProfiles(db: Db): Promise<RecycleProfile[]> {
  const rows = await db('recycle_profiles as r')
    .select('r.id', 'r.name', 'r.is_default', 'r.attempts')
    .select(db.raw('coalesce(array_agg(p.id ORDER BY p.id) FILTER (WHERE p.id IS NOT NULL), ?) AS product_ids', ['{}']))
    .leftJoin('products as p', 'p.recycle_profile_id', 'r.id')
    .groupBy('r.id')
    .orderBy([{ column: 'r.is_default', order: 'desc' }, 'r.name']);
  return rows.map((r) => ({ ...r, id: Number(r.id), product_ids: r.product_ids.map(Number) }));
}

/** The products a profile may be used for: those that rebill. */
export const continuityProducts = (db: Db) =>
  db('products').select('id', 'name').where({ kind: 'continuity' }).orderBy('name');

/** The profile a purchase recycles by: its product's, or the default one. */
export async function profileOfPurchase(trx: Db | Knex.Transaction, productId: number) {
  return trx('recycle_profiles as r')
    .select('r.id', 'r.name', 'r.attempts')
    .where((w) =>
      w
        .where('r.id', trx('products').select('recycle_profile_id').where({ id: productId }))
        .orWhere('r.is_default', true),
    )
    .orderBy('r.is_default', 'asc')
    .first() as Promise<{ id: number; name: string; attempts: RecycleAttempt[] }>;
}

/**
 * Creates (`id` null) or replaces a profile in one transaction: its attempts, whether it is the
 * default (taking that from the one before), and which products use it.
 */
export async function saveRecycleProfile(
  db: Db,
  user: SessionUser,
  id: number | null,
  input: ProfileInput,
): Promise<Result<{ id: number }, 'name_taken' | 'default_needed'>> {
  try {
    return await db.transaction(async (trx) => {
      const before = id ? await trx('recycle_profiles').where({ id }).forUpdate().first() : null;
      if (id && !before) throw new NotFoundError('That recycle profile');
      if (before?.is_default && !input.is_default)
        return fail('default_needed', 'One profile is always the default: make another one the default instead.', {
          is_default: 'Make another profile the default instead.',
        });
      if (input.is_default) await trx('recycle_profiles').where({ is_default: true }).update({ is_default: false });
      const row = { name: input.name, is_default: input.is_default, attempts: JSON.stringify(input.attempts) };
      const [saved] = id
        ? await trx('recycle_profiles')
            .where({ id })
            .update({ ...row, updated_at: trx.fn.now() })
            .returning('id')
        : await trx('recycle_profiles').insert(row).returning('id');
      const profileId = Number(saved.id);
      await trx('products').where({ recycle_profile_id: profileId }).update({ recycle_profile_id: null });
      if (input.product_ids.length)
        await trx('products').whereIn('id', input.product_ids).update({ recycle_profile_id: profileId });
      await recordEvent(trx, {
        actor: actorOf(user),
        kind: id ? 'recycle_profile.changed' : 'recycle_profile.created',
        subject: { type: 'recycle_profile', id: profileId },
        summary: `${id ? 'Changed' : 'Created'} the recycle billing profile ${input.name}: ${input.attempts.length} attempt(s)${input.is_default ? ', the default' : ''}`,
        before: before ? { name: before.name, is_default: before.is_default, attempts: before.attempts } : undefined,
        after: input,
      });
      return { ok: true as const, id: profileId };
    });
  } catch (e) {
    if ((e as { constraint?: string }).constraint === 'recycle_profiles_name_key')
      return fail('name_taken', 'Another profile has this name.', { name: 'Another profile has this name.' });
    throw e;
  }
}

/**
 * Deletes a profile nothing uses: never the default (one profile always is), never one a product
 * uses (its declined rebills would fall back to the default unseen) — those are refused with why.
 */
export async function deleteRecycleProfile(
  db: Db,
  user: SessionUser,
  id: number,
): Promise<Result<{ message: string }, 'in_use'>> {
  return db.transaction(async (trx) => {
    const p = await trx('recycle_profiles').where({ id }).forUpdate().first('id', 'name', 'is_default');
    if (!p) throw new NotFoundError('That recycle profile');
    const [{ n }] = await trx('products').where({ recycle_profile_id: id }).count({ n: '*' });
    const why = p.is_default
      ? 'it is the default: make another profile the default first'
      : Number(n) && `${n} product(s) use it: move them to another profile first`;
    if (why) return fail('in_use', `${p.name} cannot be deleted: ${why}.`);
    await trx('recycle_profiles').where({ id }).delete();
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'recycle_profile.deleted',
      subject: { type: 'recycle_profile', id },
      summary: `Deleted the unused recycle billing profile ${p.name}`,
    });
    return { ok: true as const, message: `Deleted the recycle profile ${p.name}.` };
  });
}

/** What the purchase page says about recycling: the profile, and while recycling the retry to come. */
export async function recycleState(db: Db, p: { id: number; product_id: number; recycle_attempts: number }) {
  const [profile, declined] = await Promise.all([
    profileOfPurchase(db, p.product_id),
    db('transactions')
      .where({ purchase_id: p.id, type: 'sale', status: 'declined' })
      .orderBy('id', 'desc')
      .first('gateway_message'),
  ]);
  const reason: string | null = declined?.gateway_message ?? null;
  return {
    profile: profile.name,
    retries: profile.attempts.length,
    done: p.recycle_attempts,
    lastDecline: reason,
    lastDeclineKind: reason ? declineKind(reason) : null,
  };
}
