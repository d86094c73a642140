import type { Request, Response } from 'express';
import { idParam } from '../http/params';
import { fieldErrors } from '../http/forms';
import { flash } from '../http/flash';
import { redirectAfter } from '../http/htmx';
import * as service from './service';
import { NotFoundError } from '../lib/results';

const render = async (
  req: Request,
  res: Response,
  errors: Record<string, string> = {},
  values: Record<string, unknown> = {},
  status = 200,
) =>
  res.page(
    'products/index',
    { title: 'Products', products: await service.productsWithOptions(req.deps.db), errors, values },
    status,
  );

export const index = (req: Request, res: Response) => render(req, res);

export async function create(req: Request, res: Response) {
  const parsed = service.productCommand.safeParse(req.body);
  if (!parsed.success) return render(req, res, fieldErrors(parsed.error), req.body, 422);
  const result = await service.createProduct(req.deps.db, req.user!, parsed.data);
  if (!result.ok) return render(req, res, result.fields ?? {}, req.body, 422);
  flash(req, 'success', `${parsed.data.name} is on sale.`);
  redirectAfter(req, res, '/admin/products');
}

export async function update(req: Request, res: Response) {
  await service.setProductActive(req.deps.db, req.user!, idParam(req, 'That product'), req.body.active === '1');
  redirectAfter(req, res, '/admin/products');
}

export async function addOption(req: Request, res: Response) {
  const product = await service.productById(req.deps.db, idParam(req, 'That product'));
  if (!product) throw new NotFoundError('That product');
  const parsed = service.optionCommand(product.kind).safeParse(req.body);
  const key = `option-${product.id}`;
  // The refused option form stays open with what was typed.
  if (!parsed.success)
    return render(req, res, { [key]: Object.values(fieldErrors(parsed.error)).join(' ') }, { [key]: req.body }, 422);
  await service.addOption(req.deps.db, req.user!, product.id, parsed.data);
  flash(req, 'success', `Added the option ${parsed.data.option_name} to ${product.name}.`);
  redirectAfter(req, res, '/admin/products');
}
