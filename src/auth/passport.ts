import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Db } from '../db/knex';
import type { Request } from 'express';
import { type UserRow, userById } from './queries';
import { usersReadWithSession } from './session-store';
import { authenticate, toSessionUser } from './service';

/**
 * One authenticator per app (not passport's global) so each test app talks to its own database.
 * Sessions hold only the user id; the row is read on each request (with the session) so disabling takes effect at once.
 */
export function createPassport(db: Db): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ usernameField: 'email' }, (email, password, done) => {
      authenticate(db, email, password).then((user) => done(null, user ?? false), done);
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  // The row read with the session (one statement, session-store.ts), or read now for a session just made.
  passport.deserializeUser<number, Request>((req, id, done) => {
    const answer = (row: UserRow | null | undefined) =>
      done(null, row && !row.disabled_at ? toSessionUser(row) : false);
    const held = (req.session as { passport?: object } | undefined)?.passport;
    const read = held ? usersReadWithSession.get(held) : undefined;
    if (read !== undefined) return answer(read);
    userById(db, id).then(answer, done);
  });
  return passport;
}
