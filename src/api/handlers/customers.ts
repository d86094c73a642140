import type { Request, Response } from 'express';
import { saveCustomer, patchCustomer, type CustomerFields } from '../../customers/dedupe';
import { cursorOf, customerJson, readCursor } from '../present';
import * as q from '../queries';
import { CustomerCreate, CustomerPatch, CustomerQuery } from '../schemas/requests';
import { found, idFrom, parse, principal, succeeded } from '../http';

/** The API's nested JSON → the customer's columns (billing.city → billing_city). */
export function columnsOf(body: Record<string, unknown>): CustomerFields {
  const { billing, shipping, ...rest } = body as Record<string, any>;
  const prefixed = (p: string, a?: Record<string, string | null>) =>
    Object.fromEntries(Object.entries(a ?? {}).map(([k, v]) => [`${p}_${k}`, v]));
  return { ...rest, ...prefixed('billing', billing), ...prefixed('shipping', shipping) };
}

const show = async (req: Request, id: number) =>
  customerJson(found(await q.customers(req.deps.db).where('c.id', id).first(), 'That customer'));

export async function create(req: Request, res: Response) {
  const body = parse(CustomerCreate, req.body);
  const saved = succeeded(await saveCustomer(req.deps.db, principal(res), columnsOf(body)));
  res.status(saved.created ? 201 : 200).json(await show(req, saved.customer.id));
}

export async function get(req: Request, res: Response) {
  res.json(await show(req, idFrom(req, 'That customer')));
}

export async function update(req: Request, res: Response) {
  const body = parse(CustomerPatch, req.body);
  const id = idFrom(req, 'That customer');
  found(await q.customers(req.deps.db).where('c.id', id).first('c.id'), 'That customer');
  succeeded(await patchCustomer(req.deps.db, principal(res), id, columnsOf(body)));
  res.json(await show(req, id));
}

const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/;

export async function list(req: Request, res: Response) {
  const f = parse(CustomerQuery, req.query);
  const [at, id] = readCursor(f.cursor) ?? [];
  const after = typeof at === 'string' && STAMP.test(at) && Number.isInteger(id) ? [at, id] : undefined;
  if (f.cursor && !after) return res.json({ data: [], next_cursor: null });
  const rows = await q.customerPage(req.deps.db, {
    ...f,
    updatedSince: f.updated_since,
    after: after as [string, number],
  });
  const more = rows.length > q.PAGE;
  const page = rows.slice(0, q.PAGE);
  const last = page.at(-1);
  res.json({ data: page.map(customerJson), next_cursor: more ? cursorOf([last.cursor_at, last.id]) : null });
}
