import type { Request, Response } from 'express';
import { flash } from '../../http/flash';
import { fieldErrors } from '../../http/forms';
import { redirectAfter } from '../../http/htmx';
import { idParam } from '../../http/params';
import { collectOnCard, registerOutsidePayment } from '../../payments/collections';
import { sendPayout } from '../../payments/payouts';
import { collection, payout } from '../commands';
import { renderRegion } from './instruments';

type Outcome = { ok: true; message: string } | { ok: false; code: string; message: string; fields?: object };

/**
 * Once the gateway was asked (approved, declined or unknown) the profile is shown again with the
 * outcome, its transaction listed; a refusal before any money moved keeps the form, with 422.
 */
function answer(req: Request, res: Response, customerId: number, form: string, result: Outcome) {
  if (result.ok || result.code === 'declined' || result.code === 'errored') {
    flash(req, result.ok ? 'success' : 'error', result.message);
    return redirectAfter(req, res, `/customers/${customerId}`);
  }
  const errors = (result.fields ?? {}) as Record<string, string>;
  return renderRegion(req, res, customerId, { name: form, values: req.body, errors, message: result.message });
}

/** POST /customers/:id/payouts: money sent to a card; cannot be reversed. */
export async function sendMoney(req: Request, res: Response) {
  const customerId = idParam(req, 'That customer');
  const parsed = payout.safeParse(req.body);
  if (!parsed.success)
    return renderRegion(req, res, customerId, { name: 'payout', values: req.body, errors: fieldErrors(parsed.error) });
  const { card_id, amount, currency, description, idempotency_key, not_a_refund } = parsed.data;
  const result = await sendPayout(req.deps, req.user!, customerId, {
    cardId: card_id,
    amountCents: amount!,
    currency,
    description,
    key: idempotency_key,
    notARefund: not_a_refund === 'on',
  });
  return answer(req, res, customerId, 'payout', result);
}

/** POST /customers/:id/collections: a charge on a card on file, or a payment made outside the gateway. */
export async function collect(req: Request, res: Response) {
  const customerId = idParam(req, 'That customer');
  const parsed = collection.safeParse(req.body);
  if (!parsed.success)
    return renderRegion(req, res, customerId, { name: 'collect', values: req.body, errors: fieldErrors(parsed.error) });
  const d = parsed.data;
  const input = { key: d.idempotency_key, amountCents: d.amount!, description: d.description };
  const result =
    d.source === 'card'
      ? await collectOnCard(req.deps, req.user!, customerId, { ...input, cardId: d.card_id })
      : await registerOutsidePayment(req.deps, req.user!, customerId, { ...input, ...d });
  return answer(req, res, customerId, 'collect', result);
}
