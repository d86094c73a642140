import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Db } from '../db/knex';
import { userById } from './queries';
import { authenticate, toSessionUser } from './service';

/**
 * One authenticator per app (not passport's global) so each test app talks to its own database.
 * Sessions hold only the user id; the row is read on each request so disabling takes effect at once.
 */
export function createPassport(db: Db): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ usernameField: 'email' }, (email, password, done) => {
      authenticate(db, email, password).then((user) => done(null, user ?? false), done);
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: number, done) => {
    userById(db, id).then((row) => done(null, row && !row.disabled_at ? toSessionUser(row) : false), done);
  });
  return passport;
}
