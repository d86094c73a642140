import type { Request, Response } from 'express';
import { saveCustomer } from '../../customers/dedupe';
import type { Payment as PaymentInput } from '../../orders/checkout';
import { placeOrder } from '../../orders/entry';
import { addUpsell } from '../../orders/upsell';
import { found, orderIdFrom, parse, principal, serviceKey, succeeded } from '../http';
import { orderJson } from '../present';
import { orderWithParts } from '../queries';
import { OrderCreate, UpsellCreate, type Payment } from '../schemas/requests';
import type { z } from 'zod';
import { columnsOf } from './customers';

/** The API's payment → the checkout's. */
export const paymentOf = (p: z.infer<typeof Payment>): PaymentInput =>
  p.type === 'card_on_file'
    ? { kind: 'instrument', id: p.card_id }
    : p.type === 'card'
      ? { kind: 'card', number: p.number, expMonth: p.exp_month, expYear: p.exp_year }
      : p.type === 'token'
        ? { kind: 'token', token: p.token, brand: p.brand, last4: p.last4, expMonth: p.exp_month, expYear: p.exp_year }
        : {
            kind: 'external',
            reference: p.gateway_reference,
            amountCents: p.amount_cents,
            status: p.status,
            message: p.message,
          };

const OUTCOMES = new Set(['declined', 'blocked', 'errored']);

/** An order placed or declined is an answer (201 with the outcome); other failures are problems. */
async function answer(
  req: Request,
  res: Response,
  result: { ok: boolean; code?: string; message: string; publicId?: string },
  status: number,
) {
  if (!result.ok && !(result.publicId && OUTCOMES.has(result.code!))) succeeded(result);
  const order = found(await orderWithParts(req.deps.db, result.publicId!), 'That order');
  res
    .status(status)
    .json({ outcome: result.ok ? 'approved' : result.code, message: result.message, order: orderJson(order) });
}

export async function create(req: Request, res: Response) {
  const body = parse(OrderCreate, req.body);
  const user = principal(res);
  const customerId =
    body.customer_id ?? succeeded(await saveCustomer(req.deps.db, user, columnsOf(body.customer!))).customer.id;
  const lines = body.items.map((i) => ({ sku: i.sku, quantity: i.quantity }));
  const input = {
    customerId,
    lines,
    shippingCents: body.shipping_cents,
    payment: paymentOf(body.payment),
    idempotencyKey: serviceKey(req, res),
  };
  await answer(req, res, await placeOrder(req.deps, user, input), 201);
}

export async function upsell(req: Request, res: Response) {
  const body = parse(UpsellCreate, req.body);
  const lines = body.items.map((i) => ({ sku: i.sku, quantity: i.quantity }));
  const payment = body.payment && paymentOf(body.payment);
  const result = await addUpsell(req.deps, principal(res), orderIdFrom(req), {
    lines,
    payment,
    idempotencyKey: serviceKey(req, res),
  });
  await answer(req, res, result, 201);
}

export async function get(req: Request, res: Response) {
  res.json(orderJson(found(await orderWithParts(req.deps.db, orderIdFrom(req)), 'That order')));
}
