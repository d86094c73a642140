import type { Db } from '../db/knex';
import type { Role } from './permissions';

export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  is_owner: boolean;
  password_hash: string;
  must_change_password: boolean;
  disabled_at: Date | null;
}

const COLUMNS = ['id', 'email', 'name', 'role', 'is_owner', 'password_hash', 'must_change_password', 'disabled_at'];

export const userById = (db: Db, id: number): Promise<UserRow | undefined> =>
  db('users').select(COLUMNS).where({ id }).first();

/** Emails are stored and looked up trimmed and in lower case; the login throttle counts them so too. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export const userByEmail = (db: Db, email: string): Promise<UserRow | undefined> =>
  db('users')
    .select(COLUMNS)
    .where({ email: normaliseEmail(email) })
    .first();
