import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { Db } from '../db/knex';
import { fail, NotFoundError, type Result } from '../lib/results';
import { hashPassword } from './passwords';
import { ROLE_LABELS, ROLES, type Role } from './permissions';
import type { SessionUser } from './service';

/** Acted on records: an event, a transaction or a history line carries this user's id. */
const ACTED = `(EXISTS (SELECT 1 FROM events e WHERE e.actor_user_id = u.id)
  OR EXISTS (SELECT 1 FROM transactions t WHERE t.user_id = u.id)
  OR EXISTS (SELECT 1 FROM history_entries h WHERE h.user_id = u.id))`;

export const listUsers = (db: Db) =>
  db('users as u')
    .select(
      'u.id',
      'u.name',
      'u.email',
      'u.role',
      'u.is_owner',
      'u.disabled_at',
      'u.must_change_password',
      'u.created_at',
      db.raw(`${ACTED} AS has_acted`),
    )
    .orderBy('u.name');

export const newUserCommand = z.object({
  name: z.string().trim().min(1, 'Enter the name.').max(100),
  email: z.string().trim().toLowerCase().email('Enter a valid email address.'),
  role: z.enum(ROLES, { message: 'Choose a role.' }),
  password: z.string().min(10, 'The first password needs at least 10 characters.').max(200),
});

export const changeUserCommand = z.object({
  role: z.enum(ROLES).optional(),
  disabled: z.enum(['0', '1']).optional(),
});

/** Creates a user; the password the admin chose works once: it must be changed at first login. */
export async function createUserByAdmin(
  db: Db,
  admin: SessionUser,
  input: z.infer<typeof newUserCommand>,
): Promise<Result<{ id: number }, 'email_taken'>> {
  const hash = await hashPassword(input.password);
  return db.transaction(async (trx) => {
    const [row] = await trx('users')
      .insert({
        name: input.name,
        email: input.email,
        role: input.role,
        password_hash: hash,
        must_change_password: true,
      })
      .onConflict('email')
      .ignore()
      .returning('id');
    if (!row)
      return fail('email_taken', `${input.email} already has an account.`, {
        email: 'This email already has an account.',
      });
    await recordEvent(trx, {
      actor: actorOf(admin),
      kind: 'user.created',
      subject: { type: 'user', id: row.id },
      summary: `Created ${input.name} (${input.email}) as ${ROLE_LABELS[input.role]}`,
      after: { email: input.email, role: input.role },
    });
    return { ok: true, id: row.id };
  });
}

type Refusal = 'owner_protected' | 'self_lockout' | 'has_acted';

/**
 * Changes a role or disables/enables. The owner cannot be demoted or disabled; nobody can demote or
 * disable themselves (an admin could lock the account out). Disabling ends the user's sessions.
 */
export async function changeUser(
  db: Db,
  admin: SessionUser,
  id: number,
  change: { role?: Role; disabled?: boolean },
  now: Date,
): Promise<Result<object, Refusal>> {
  return db.transaction(async (trx) => {
    const user = await trx('users').where({ id }).forUpdate().first();
    if (!user) throw new NotFoundError('That user');
    const demote = change.role !== undefined && change.role !== user.role;
    if (user.is_owner && (demote || change.disabled))
      return fail('owner_protected', 'The owner cannot be demoted or disabled.');
    if (user.id === admin.id && (demote || change.disabled))
      return fail('self_lockout', 'You cannot change your own role or disable yourself; ask another admin.');
    const after = {
      role: change.role ?? user.role,
      disabled_at:
        change.disabled === undefined ? user.disabled_at : change.disabled ? (user.disabled_at ?? now) : null,
    };
    await trx('users')
      .where({ id })
      .update({ ...after, updated_at: now });
    if (after.disabled_at && !user.disabled_at)
      await trx('sessions').whereRaw("(sess->'passport'->>'user')::bigint = ?", [id]).del();
    const what = [
      demote ? `Role ${ROLE_LABELS[user.role as Role]} → ${ROLE_LABELS[after.role as Role]}` : '',
      change.disabled !== undefined && Boolean(user.disabled_at) !== change.disabled
        ? change.disabled
          ? 'disabled'
          : 'enabled again'
        : '',
    ]
      .filter(Boolean)
      .join(', ');
    if (what)
      await recordEvent(trx, {
        actor: actorOf(admin),
        kind: 'user.changed',
        subject: { type: 'user', id },
        summary: `${user.name}: ${what}`,
        before: { role: user.role, disabled: Boolean(user.disabled_at) },
        after: { role: after.role, disabled: Boolean(after.disabled_at) },
      });
    return { ok: true };
  });
}

/** Only a user who never acted can be deleted; anyone else is disabled, so the event log keeps its names. */
export async function deleteUser(db: Db, admin: SessionUser, id: number): Promise<Result<object, Refusal>> {
  return db.transaction(async (trx) => {
    const user = await trx('users').where({ id }).forUpdate().first();
    if (!user) throw new NotFoundError('That user');
    if (user.is_owner) return fail('owner_protected', 'The owner cannot be deleted.');
    if (user.id === admin.id) return fail('self_lockout', 'You cannot delete yourself.');
    const { rows } = await trx.raw(`SELECT ${ACTED} AS acted FROM users u WHERE u.id = ?`, [id]);
    if (rows[0].acted)
      return fail('has_acted', `${user.name} has acted on records, so the account is kept: disable it instead.`);
    await trx('sessions').whereRaw("(sess->'passport'->>'user')::bigint = ?", [id]).del();
    await trx('users').where({ id }).del();
    await recordEvent(trx, {
      actor: actorOf(admin),
      kind: 'user.deleted',
      subject: { type: 'user', id },
      summary: `Deleted the user ${user.name} (${user.email})`,
      before: { email: user.email, role: user.role },
    });
    return { ok: true };
  });
}
