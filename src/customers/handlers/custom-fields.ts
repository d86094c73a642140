import type { Request, Response } from 'express';
import { historyPage } from '../../audit/queries';
import { parseId } from '../../http/params';
import { HttpError } from '../../lib/results';
import { customFieldsTab, saveCustomFields } from '../custom-fields';
import { addMembership, membershipsTab, removeMembership } from '../memberships';
import { loadCustomer } from './load';

/** The tab again (and the history out of band after a change), or with the form's mistakes (422). */
async function tabAnswer(
  req: Request,
  res: Response,
  tab: 'custom-fields' | 'memberships',
  errors = {},
  typed?: object,
) {
  const customer = await loadCustomer(req);
  const db = req.deps.db;
  const data = tab === 'custom-fields' ? await customFieldsTab(db, customer.id) : await membershipsTab(db, customer.id);
  const history = Object.keys(errors).length ? null : await historyPage(db, customer.id);
  const locals = { customer, ...data, errors, typed: typed ?? null, ...history, oobHistory: !!history };
  return res.status(history ? 200 : 422).render(`customers/tabs/_${tab}`, locals);
}

/** PATCH /customers/:id/custom-fields: every defined field at once. */
export async function saveFields(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const result = await saveCustomFields(req.deps.db, req.user!, customer.id, req.body);
  if (!result.ok) return tabAnswer(req, res, 'custom-fields', result.fields ?? {}, req.body);
  return tabAnswer(req, res, 'custom-fields');
}

/** POST /customers/:id/memberships: add to a club by hand. */
export async function addToClub(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const clubId = parseId(req.body.club_id);
  if (!clubId) return tabAnswer(req, res, 'memberships', { club_id: 'Choose a club.' });
  const result = await addMembership(req.deps.db, req.user!, customer.id, clubId, req.deps.clock.now());
  if (!result.ok) return tabAnswer(req, res, 'memberships', result.fields ?? {});
  return tabAnswer(req, res, 'memberships');
}

/** DELETE /customers/:id/memberships/:membershipId: end a membership by hand. */
export async function removeFromClub(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const membershipId = parseId(req.params.membershipId);
  if (!membershipId) throw new HttpError(404, 'That membership was not found.');
  await removeMembership(req.deps.db, req.user!, customer.id, membershipId, req.deps.clock.now());
  return tabAnswer(req, res, 'memberships');
}
