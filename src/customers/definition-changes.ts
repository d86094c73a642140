import type { Knex } from 'knex';
import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { fail, NotFoundError, type Result } from '../lib/results';

/**
 * Renaming, retiring and deleting what an admin defined on /admin/custom-fields: custom fields and
 * membership clubs. A rename carries the values and memberships along (a field's values are keyed by
 * its name). Retired: no longer offered for new use, what exists keeps showing. Deleted: only when
 * nothing uses it — otherwise refused with what uses it, so retiring is the way out.
 */
export const renameCommand = (max: number) =>
  z.object({ name: z.string().trim().min(1, 'Enter the new name.').max(max, `At most ${max} characters.`) });

type Kind = 'field' | 'club';
type Outcome = Result<{ message: string }, 'name_taken' | 'in_use'>;

const TABLE = { field: 'custom_field_definitions', club: 'membership_clubs' } as const;
const WORD = { field: 'custom field', club: 'club' } as const;
const EVENT = { field: 'custom_field', club: 'club' } as const;

async function locked(trx: Knex.Transaction, kind: Kind, id: number) {
  const row = await trx(TABLE[kind]).where({ id }).forUpdate().first('id', 'name', 'retired_at');
  if (!row) throw new NotFoundError(kind === 'field' ? 'That custom field' : 'That club');
  return row as { id: number; name: string; retired_at: Date | null };
}

const event = (trx: Knex.Transaction, user: SessionUser, kind: Kind, id: number, what: string, summary: string) =>
  recordEvent(trx, {
    actor: actorOf(user),
    kind: `${EVENT[kind]}.${what}`,
    subject: { type: EVENT[kind], id },
    summary,
  });

/** What already uses it: a field's values (by name), a club's memberships. */
async function uses(trx: Knex.Transaction, kind: Kind, row: { id: number; name: string }): Promise<number> {
  const q =
    kind === 'field'
      ? trx('customer_custom_fields').where({ name: row.name })
      : trx('customer_memberships').where({ club_id: row.id });
  const [{ n }] = await q.count({ n: '*' });
  return Number(n);
}

export async function renameDefinition(
  db: Db,
  user: SessionUser,
  kind: Kind,
  id: number,
  name: string,
): Promise<Outcome> {
  return db.transaction(async (trx) => {
    const row = await locked(trx, kind, id);
    if (row.name === name) return { ok: true, message: 'Nothing was changed.' };
    const taken = await trx(TABLE[kind]).where({ name }).first('id');
    // A field's values are keyed by name: values already captured under the new name would collide.
    const captured = kind === 'field' && (await trx('customer_custom_fields').where({ name }).first('customer_id'));
    if (taken || captured) {
      const message = taken
        ? `There is already a ${WORD[kind]} named ${name}.`
        : `Customers already have values named ${name}: choose another name.`;
      return fail('name_taken', message, { [`${kind}_${id}`]: message });
    }
    await trx(TABLE[kind]).where({ id }).update({ name });
    if (kind === 'field') await trx('customer_custom_fields').where({ name: row.name }).update({ name });
    else await trx('customer_memberships').where({ club_id: id }).update({ club: name });
    await event(trx, user, kind, id, 'renamed', `Renamed the ${WORD[kind]} ${row.name} to ${name}`);
    return { ok: true, message: `Renamed the ${WORD[kind]} ${row.name} to ${name}.` };
  });
}

export async function retireDefinition(db: Db, user: SessionUser, kind: Kind, id: number, now: Date): Promise<Outcome> {
  return db.transaction(async (trx) => {
    const row = await locked(trx, kind, id);
    if (row.retired_at) return { ok: true, message: `The ${WORD[kind]} ${row.name} is already retired.` };
    await trx(TABLE[kind]).where({ id }).update({ retired_at: now });
    const offered = kind === 'field' ? 'on the profile form' : 'to join (by hand or with a product)';
    await event(trx, user, kind, id, 'retired', `Retired the ${WORD[kind]} ${row.name}: no longer offered ${offered}`);
    return { ok: true, message: `Retired ${row.name}: it is no longer offered ${offered}; what exists keeps showing.` };
  });
}

export async function deleteDefinition(db: Db, user: SessionUser, kind: Kind, id: number): Promise<Outcome> {
  return db.transaction(async (trx) => {
    const row = await locked(trx, kind, id);
    const used = await uses(trx, kind, row);
    if (used) {
      const what = kind === 'field' ? `${used} customer value(s)` : `${used} membership(s)`;
      const message = `${row.name} is in use (${what}) and cannot be deleted: retire it instead.`;
      return fail('in_use', message, { [`${kind}_${id}`]: message });
    }
    await trx(TABLE[kind]).where({ id }).delete();
    await event(trx, user, kind, id, 'deleted', `Deleted the unused ${WORD[kind]} ${row.name}`);
    return { ok: true, message: `Deleted the ${WORD[kind]} ${row.name}.` };
  });
}
