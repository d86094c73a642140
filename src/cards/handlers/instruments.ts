import type { Request, Response } from 'express';
import { fieldErrors } from '../../http/forms';
import { idParam } from '../../http/params';
import { NotFoundError } from '../../lib/results';
import { billingAddress, expiry, newCard } from '../commands';
import { updateCardAddress, updateExpiry } from '../edits';
import { ownerOfCard } from '../queries';
import { paymentTools, type RegionForm } from '../region';
import { addCard, deactivateCard, type Role, setRole } from '../service';

/** The region again: after an action (with the history out of band), or with one form's errors (422). */
export async function renderRegion(req: Request, res: Response, customerId: number, form?: RegionForm) {
  const tools = await paymentTools(req.deps, customerId, !form);
  return res.status(form ? 422 : 200).render('cards/_region', { ...tools, form: form ?? null, notice: null });
}

const customerOf = (req: Request) => idParam(req, 'That customer');

async function cardOf(req: Request) {
  const cardId = idParam(req, 'That card');
  const owner = await ownerOfCard(req.deps.db, cardId);
  if (!owner) throw new NotFoundError('That card');
  return { cardId, customerId: Number(owner) };
}

/** GET /customers/:id/payment-tools: the region, loaded by the profile. */
export async function show(req: Request, res: Response) {
  const tools = await paymentTools(req.deps, customerOf(req));
  return res.render('cards/_region', { ...tools, form: null, notice: null });
}

/** POST /customers/:id/payment-instruments: a typed sandbox card with its own billing address. */
export async function add(req: Request, res: Response) {
  const customerId = customerOf(req);
  const card = newCard.safeParse(req.body);
  const address = billingAddress.safeParse(req.body);
  if (!card.success || !address.success) {
    const errors = { ...(address.success ? {} : fieldErrors(address.error)) };
    Object.assign(errors, card.success ? {} : fieldErrors(card.error));
    return renderRegion(req, res, customerId, { name: 'add', values: req.body, errors });
  }
  const result = await addCard(req.deps, req.user!, customerId, card.data, address.data);
  if (!result.ok)
    return renderRegion(req, res, customerId, { name: 'add', values: req.body, errors: result.fields, ...result });
  return renderRegion(req, res, customerId);
}

/** POST /payment-instruments/:id/default (and /backup): the card takes that role. */
export const giveRole = (role: Role) => async (req: Request, res: Response) => {
  const { cardId, customerId } = await cardOf(req);
  const result = await setRole(req.deps, req.user!, cardId, role);
  if (!result.ok) return renderRegion(req, res, customerId, { name: `card-${cardId}`, message: result.message });
  return renderRegion(req, res, customerId);
};

/** POST /payment-instruments/:id/deactivation: never charged again, never deleted. */
export async function deactivate(req: Request, res: Response) {
  const { cardId, customerId } = await cardOf(req);
  await deactivateCard(req.deps, req.user!, cardId);
  return renderRegion(req, res, customerId);
}

/** PATCH /payment-instruments/:id/expiry */
export async function changeExpiry(req: Request, res: Response) {
  const { cardId, customerId } = await cardOf(req);
  const form = { name: `expiry-${cardId}`, values: req.body };
  const parsed = expiry.safeParse(req.body);
  if (!parsed.success) return renderRegion(req, res, customerId, { ...form, errors: fieldErrors(parsed.error) });
  const result = await updateExpiry(req.deps, req.user!, cardId, parsed.data);
  if (!result.ok)
    return renderRegion(req, res, customerId, { ...form, errors: result.fields, message: result.message });
  return renderRegion(req, res, customerId);
}

/** PATCH /payment-instruments/:id/billing-address */
export async function changeAddress(req: Request, res: Response) {
  const { cardId, customerId } = await cardOf(req);
  const parsed = billingAddress.safeParse(req.body);
  if (!parsed.success)
    return renderRegion(req, res, customerId, {
      name: `address-${cardId}`,
      values: req.body,
      errors: fieldErrors(parsed.error),
    });
  await updateCardAddress(req.deps, req.user!, cardId, parsed.data);
  return renderRegion(req, res, customerId);
}
