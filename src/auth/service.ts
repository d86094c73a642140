import type { Db } from '../db/knex';
import { hashPassword, verifyPassword } from './passwords';
import type { Role } from './permissions';
import { normaliseEmail, userByEmail, type UserRow } from './queries';

/** The signed-in person as the rest of the app sees it (never the password hash). */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  isOwner: boolean;
  mustChangePassword: boolean;
  /** Set when an API key acts through the services (src/api/principal.ts); never for a person. */
  apiKeyId?: number;
}

export function toSessionUser(row: UserRow): SessionUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    isOwner: row.is_owner,
    mustChangePassword: row.must_change_password,
  };
}

// Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export async function authenticate(db: Db, email: string, password: string): Promise<SessionUser | null> {
  const row = await userByEmail(db, email);
  if (!row) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(password, await dummyHash);
    return null;
  }
  if (!(await verifyPassword(password, row.password_hash)) || row.disabled_at) return null;
  return toSessionUser(row);
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
  isOwner?: boolean;
  mustChangePassword?: boolean;
}

export async function createUser(db: Db, user: NewUser): Promise<number> {
  const [row] = await db('users')
    .insert({
      email: normaliseEmail(user.email),
      name: user.name,
      role: user.role,
      is_owner: user.isOwner ?? false,
      must_change_password: user.mustChangePassword ?? false,
      password_hash: await hashPassword(user.password),
    })
    .returning('id');
  return row.id;
}
