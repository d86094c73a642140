import { actorOf, recordEvent } from '../audit/record';
import type { Deps } from '../deps';
import { fail, type Result } from '../lib/results';
import { hashPassword, verifyPassword } from './passwords';
import { userById } from './queries';
import type { SessionUser } from './service';

export async function changeOwnPassword(
  deps: Deps,
  user: SessionUser,
  current: string,
  next: string,
): Promise<Result<object, 'wrong_password' | 'same_password'>> {
  const row = await userById(deps.db, user.id);
  if (!row || !(await verifyPassword(current, row.password_hash))) {
    return fail('wrong_password', 'The current password is wrong.', { current: 'The current password is wrong.' });
  }
  if (current === next) {
    return fail('same_password', 'Choose a password different from the current one.', {
      password: 'Choose a different password.',
    });
  }
  const hash = await hashPassword(next);
  await deps.db.transaction(async (trx) => {
    await trx('users')
      .where({ id: user.id })
      .update({ password_hash: hash, must_change_password: false, updated_at: deps.clock.now() });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'user.password_changed',
      summary: `${user.name} changed their password`,
      subject: { type: 'user', id: user.id },
    });
  });
  return { ok: true };
}
