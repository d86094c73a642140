import type { Request, Response } from 'express';
import { flash } from '../../http/flash';
import { fieldErrors } from '../../http/forms';
import { redirectAfter } from '../../http/htmx';
import { idParam } from '../../http/params';
import type { Result } from '../../lib/results';
import { FIELD_KINDS } from '../custom-field-rules';
import { addFieldDefinition, definitionCommand, fieldDefinitions } from '../custom-fields';
import { deleteDefinition, renameCommand, renameDefinition, retireDefinition } from '../definition-changes';
import { addClub, clubCommand, clubProducts, membershipClubs } from '../memberships';

async function render(
  req: Request,
  res: Response,
  errors: Record<string, string> = {},
  typed: object = {},
  status = 200,
) {
  const db = req.deps.db;
  const [fields, clubs, products] = await Promise.all([fieldDefinitions(db), membershipClubs(db), clubProducts(db)]);
  const locals = { fields, clubs, products, kinds: FIELD_KINDS, errors, typed };
  return res.page('customers/definitions', { title: 'Custom fields and clubs', ...locals }, status);
}

export const index = (req: Request, res: Response) => render(req, res);

export async function addField(req: Request, res: Response) {
  const parsed = definitionCommand.safeParse(req.body);
  if (!parsed.success) return render(req, res, fieldErrors(parsed.error), req.body, 422);
  const result = await addFieldDefinition(req.deps.db, req.user!, parsed.data);
  if (!result.ok) return render(req, res, result.fields ?? {}, req.body, 422);
  flash(req, 'success', `Agents can now fill ${parsed.data.name} on each profile.`);
  redirectAfter(req, res, '/admin/custom-fields');
}

export async function createClub(req: Request, res: Response) {
  const parsed = clubCommand.safeParse(req.body);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return render(req, res, { club_name: errors.name ?? errors._ ?? 'Check the club.' }, { club: req.body }, 422);
  }
  const result = await addClub(req.deps.db, req.user!, parsed.data);
  if (!result.ok) return render(req, res, result.fields ?? {}, { club: req.body }, 422);
  flash(req, 'success', `Created the club ${parsed.data.name}.`);
  redirectAfter(req, res, '/admin/custom-fields');
}

type Kind = 'field' | 'club';
const target = (req: Request, kind: Kind) => idParam(req, kind === 'field' ? 'That custom field' : 'That club');

/** A rename, retirement or deletion done: the page with a flash; refused: the page again (422) with the row's message. */
function answer(req: Request, res: Response, result: Result<{ message: string }, string>, typed: object = {}) {
  if (!result.ok) return render(req, res, result.fields ?? {}, typed, 422);
  flash(req, 'success', result.message);
  redirectAfter(req, res, '/admin/custom-fields');
}

/** `PATCH /admin/custom-fields/:id` and `PATCH /admin/clubs/:id`: a new name, carried to its values or memberships. */
export const rename = (kind: Kind) => async (req: Request, res: Response) => {
  const id = target(req, kind);
  const typed = { rename: { [`${kind}_${id}`]: req.body?.name } };
  const parsed = renameCommand(kind === 'field' ? 60 : 80).safeParse(req.body ?? {});
  if (!parsed.success) return render(req, res, { [`${kind}_${id}`]: fieldErrors(parsed.error).name }, typed, 422);
  return answer(req, res, await renameDefinition(req.deps.db, req.user!, kind, id, parsed.data.name), typed);
};

/** `POST /admin/custom-fields/:id/retirement` and `POST /admin/clubs/:id/retirement`. */
export const retire = (kind: Kind) => async (req: Request, res: Response) =>
  answer(req, res, await retireDefinition(req.deps.db, req.user!, kind, target(req, kind), req.deps.clock.now()));

/** `DELETE /admin/custom-fields/:id` and `DELETE /admin/clubs/:id`: only when nothing uses it. */
export const remove = (kind: Kind) => async (req: Request, res: Response) =>
  answer(req, res, await deleteDefinition(req.deps.db, req.user!, kind, target(req, kind)));
