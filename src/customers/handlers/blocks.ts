import type { Request, Response } from 'express';
import { historyPage } from '../../audit/queries';
import { fieldErrors } from '../../http/forms';
import { NotFoundError } from '../../lib/results';
import { BLOCK_TITLES, BLOCKS, type Block, isBlock } from '../commands';
import { editCustomerBlock } from '../service';
import { customerId, loadCustomer } from './load';

function blockOf(req: Request): Block {
  if (!isBlock(String(req.params.block))) throw new NotFoundError('That part of the profile');
  return req.params.block as Block;
}

/** The block's form again: with what was typed and its errors (422), or fresh with a conflict message (409). */
async function renderForm(req: Request, res: Response, status: number, errors = {}, message: string | null = null) {
  const customer = await loadCustomer(req);
  const values = status === 409 ? customer : { ...customer, ...req.body };
  return res
    .status(status)
    .render('customers/_block_form', { customer, block: blockOf(req), values, errors, message, BLOCK_TITLES });
}

export async function showBlock(req: Request, res: Response) {
  return res.render('customers/_block', { customer: await loadCustomer(req), block: blockOf(req), BLOCK_TITLES });
}

export async function editBlock(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const locals = { customer, block: blockOf(req), values: customer, errors: {}, message: null, BLOCK_TITLES };
  return res.render('customers/_block_form', locals);
}

/** PATCH /customers/:id/:block: saves one block; the block and, out of band, the history come back. */
export async function updateBlock(req: Request, res: Response) {
  const block = blockOf(req);
  const parsed = BLOCKS[block].safeParse(req.body);
  if (!parsed.success) return renderForm(req, res, 422, fieldErrors(parsed.error));
  const version = String(req.body.version ?? '');
  const result = await editCustomerBlock(req.deps.db, req.user!, customerId(req), block, parsed.data, version);
  if (!result.ok && result.code === 'login_taken') return renderForm(req, res, 422, result.fields ?? {});
  if (!result.ok) return renderForm(req, res, 409, {}, result.message);
  const history = await historyPage(req.deps.db, result.customer.id);
  res.render('customers/_block', { customer: result.customer, block, BLOCK_TITLES, ...history, oobHistory: true });
}
