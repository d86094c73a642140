import type { Request, Response } from 'express';
import { flash } from '../http/flash';
import { fieldErrors } from '../http/forms';
import { redirectAfter } from '../http/htmx';
import { idParam } from '../http/params';
import { DECLINE_REASONS } from './recycle-rule';
import { ATTEMPT_ROWS, recycleProfileCommand } from './recycle-commands';
import { continuityProducts, deleteRecycleProfile, recycleProfiles, saveRecycleProfile } from './recycle-profiles';

async function render(req: Request, res: Response, errors: Record<string, string> = {}, typed?: object, status = 200) {
  const [profiles, products] = await Promise.all([recycleProfiles(req.deps.db), continuityProducts(req.deps.db)]);
  const locals = {
    profiles,
    products,
    errors,
    typed: { form: '', ...typed },
    rows: ATTEMPT_ROWS,
    declines: DECLINE_REASONS,
  };
  return res.page('subscriptions/recycle-profiles', { title: 'Recycle billing', ...locals }, status);
}

export const index = (req: Request, res: Response) => render(req, res);

/** `POST /admin/recycle-profiles` (a new one) and `PATCH /admin/recycle-profiles/:id` (a change). */
export async function save(req: Request, res: Response) {
  const id = req.params.id === undefined ? null : idParam(req, 'That recycle profile');
  const form = id ? String(id) : 'new';
  const parsed = recycleProfileCommand.safeParse(req.body);
  if (!parsed.success) return render(req, res, fieldErrors(parsed.error), { form, ...req.body }, 422);
  const result = await saveRecycleProfile(req.deps.db, req.user!, id, parsed.data);
  if (!result.ok) return render(req, res, result.fields ?? { _: result.message }, { form, ...req.body }, 422);
  flash(req, 'success', `Saved the recycle profile ${parsed.data.name}.`);
  redirectAfter(req, res, '/admin/recycle-profiles');
}

/** `DELETE /admin/recycle-profiles/:id`: an unused profile; the default or one in use is refused (422, why). */
export async function remove(req: Request, res: Response) {
  const result = await deleteRecycleProfile(req.deps.db, req.user!, idParam(req, 'That recycle profile'));
  if (!result.ok) return render(req, res, { _: result.message }, {}, 422);
  flash(req, 'success', result.message);
  redirectAfter(req, res, '/admin/recycle-profiles');
}
