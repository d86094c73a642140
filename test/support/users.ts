import type { SessionUser } from '../../src/auth/service';
import type { Db } from '../../src/db/knex';

/** A demo user as a signed-in session sees them, for calling services directly. */
export async function sessionUser(db: Db, email: string): Promise<SessionUser> {
  const u = await db('users').where({ email }).first();
  return { id: u.id, email: u.email, name: u.name, role: u.role, isOwner: u.is_owner, mustChangePassword: false };
}
