import type { Request, Response } from 'express';
import { flash } from '../../http/flash';
import { fieldErrors } from '../../http/forms';
import { redirectAfter } from '../../http/htmx';
import { FIELD_KINDS } from '../custom-field-rules';
import { addFieldDefinition, definitionCommand, fieldDefinitions } from '../custom-fields';
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
