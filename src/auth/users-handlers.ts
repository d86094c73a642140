import type { Request, Response } from 'express';
import { idParam } from '../http/params';
import { flash } from '../http/flash';
import { redirectAfter } from '../http/htmx';
import { fieldErrors } from '../http/forms';
import { ROLE_LABELS, ROLES } from './permissions';
import * as users from './users';

const render = async (
  req: Request,
  res: Response,
  locals: { errors?: Record<string, string>; values?: Record<string, unknown> } = {},
  status = 200,
) =>
  res.page(
    'users/index',
    {
      title: 'Users',
      users: await users.listUsers(req.deps.db),
      ROLES,
      ROLE_LABELS,
      errors: locals.errors ?? {},
      values: locals.values ?? {},
    },
    status,
  );

export const index = (req: Request, res: Response) => render(req, res);

export async function create(req: Request, res: Response) {
  const parsed = users.newUserCommand.safeParse(req.body);
  if (!parsed.success) return render(req, res, { errors: fieldErrors(parsed.error), values: req.body }, 422);
  const result = await users.createUserByAdmin(req.deps.db, req.user!, parsed.data);
  if (!result.ok) return render(req, res, { errors: result.fields ?? {}, values: req.body }, 422);
  flash(
    req,
    'success',
    `${parsed.data.name} can now sign in with the password you chose, and will be asked to change it.`,
  );
  redirectAfter(req, res, '/admin/users');
}

export async function update(req: Request, res: Response) {
  const id = idParam(req, 'That user');
  const parsed = users.changeUserCommand.safeParse(req.body);
  if (!parsed.success) {
    flash(req, 'error', 'Choose a valid role.');
    return redirectAfter(req, res, '/admin/users');
  }
  const result = await users.changeUser(
    req.deps.db,
    req.user!,
    id,
    { role: parsed.data.role, disabled: parsed.data.disabled === undefined ? undefined : parsed.data.disabled === '1' },
    req.deps.clock.now(),
  );
  flash(req, result.ok ? 'success' : 'error', result.ok ? 'Saved.' : result.message);
  redirectAfter(req, res, '/admin/users');
}

export async function destroy(req: Request, res: Response) {
  const result = await users.deleteUser(req.deps.db, req.user!, idParam(req, 'That user'));
  flash(req, result.ok ? 'success' : 'error', result.ok ? 'The user was deleted.' : result.message);
  redirectAfter(req, res, '/admin/users');
}
