import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { addDays, dayIn } from '../lib/clock';
import { formatMoney, parseMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import { decidePurchase, type PurchaseAction } from './states';

export const purchaseById = (db: Deps['db'], id: number) =>
  db('purchases as p')
    .join('products as pr', 'pr.id', 'p.product_id')
    .join('product_options as po', 'po.id', 'p.product_option_id')
    .join('orders as o', 'o.id', 'p.order_id')
    .join('customers as c', 'c.id', 'p.customer_id')
    .select('p.*', 'pr.name as product_name', 'po.name as option_name', 'po.trial_days', 'o.public_id as order_public_id', 'c.first_name', 'c.last_name')
    .where('p.id', id)
    .first();

export const optionsOf = (db: Deps['db'], productId: number) => db('product_options').select('id', 'name', 'rebill_price_cents').where({ product_id: productId, active: true }).orderBy('id');

const futureDay = (today: string, label: string) =>
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} as a date.`).refine((d) => d >= today, `The ${label} cannot be in the past.`);

/** The validated input of each action; `today` is the account's calendar day. */
export const commands = (today: string) => ({
  change: z.object({
    quantity: z.coerce.number({ message: 'Enter a whole number of 1 or more.' }).int('Enter a whole number of 1 or more.').min(1, 'Enter a whole number of 1 or more.').max(99),
    unit_price: z.string().trim().transform((v, ctx) => {
      const c = parseMoney(v);
      if (c === null) {
        ctx.addIssue({ code: 'custom', message: 'Enter a price like 39.95.' });
        return z.NEVER;
      }
      return c;
    }),
    price_scope: z.enum(['always', 'next']).default('always'),
    next_bill_date: futureDay(today, 'billing date'),
    product_option_id: z.coerce.number().int().positive(),
  }),
  cancellation: z.object({ when: z.enum(['now', 'after_next']), reason: z.string().trim().min(1, 'Choose a reason.').max(200) }),
  pause: z.object({ restart_date: futureDay(today, 'restart date').refine((d) => d > today, 'The restart date must be after today.') }),
  resume: z.object({ next_bill_date: z.union([z.literal('').transform(() => undefined), futureDay(today, 'billing date')]).optional() }),
});

type Input = Record<string, unknown>;

/**
 * One action on a purchase: the row locked, the rule of `states.ts` checked inside the lock, the
 * change and its event (before → after) in one transaction.
 */
export async function actOnPurchase(deps: Deps, user: SessionUser, id: number, action: PurchaseAction, input: Input = {}): Promise<Result<{ message: string }, 'not_allowed' | 'wrong_option'>> {
  const now = deps.clock.now();
  const today = dayIn(now, deps.config.tz);
  return deps.db.transaction(async (trx) => {
    const p = await trx('purchases').where({ id }).forUpdate().first();
    if (!p) throw new NotFoundError('That subscription');
    const d = decidePurchase(action, p.status);
    if (!d.ok) return d;
    const option = await trx('product_options').where({ id: input.product_option_id ?? p.product_option_id }).first();
    if (!option || option.product_id !== p.product_id) return fail('wrong_option', 'Choose an option of the same product.', { product_option_id: 'Choose an option of the same product.' });
    const trialDays = option.trial_days ?? 14;
    const changes: Record<string, unknown> = { ...(d.next ? { status: d.next } : {}), updated_at: now };
    switch (action) {
      case 'restart_trial':
        Object.assign(changes, { billing_cycle: 1, trial_end: addDays(today, trialDays), next_bill_date: addDays(today, trialDays), cancel_reason: null, cancelled_at: null, recycle_attempts: 0 });
        break;
      case 'skip_trial':
        // The trial (cycle 1) ends today; cycle 2 is the next one billed, today.
        Object.assign(changes, { next_bill_date: today, trial_end: today });
        break;
      case 'stop_trial':
        Object.assign(changes, { cancel_reason: 'Trial stopped' });
        break;
      case 'cancel_now':
        Object.assign(changes, { cancel_reason: input.reason, cancelled_at: now, next_bill_date: null });
        await trx('fulfillments').where({ purchase_id: id }).whereIn('status', ['hold', 'pending']).update({ status: 'cancelled', updated_at: now });
        break;
      case 'cancel_after_next':
        Object.assign(changes, { cancel_reason: input.reason });
        break;
      case 'pause':
        Object.assign(changes, { next_bill_date: input.restart_date });
        break;
      case 'resume':
        Object.assign(changes, { next_bill_date: input.next_bill_date ?? today });
        break;
      case 'change':
        Object.assign(changes, {
          quantity: input.quantity,
          product_option_id: option.id,
          next_bill_date: input.next_bill_date,
          ...(input.price_scope === 'next' ? { next_price_cents: input.unit_price } : { unit_price_cents: input.unit_price, next_price_cents: null }),
        });
        break;
    }
    const keys = Object.keys(changes).filter((k) => k !== 'updated_at' && String(changes[k] ?? '') !== String(p[k] ?? ''));
    await trx('purchases').where({ id }).update(changes);
    const show = (k: string, v: unknown) => (v === null || v === undefined ? '—' : k.endsWith('_cents') ? formatMoney(Number(v), p.currency) : String(v));
    const summary = `Subscription #${id}: ${action.replace(/_/g, ' ')}${keys.length ? ` — ${keys.map((k) => `${k.replace(/_/g, ' ')} ${show(k, p[k])} → ${show(k, changes[k])}`).join('; ')}` : ''}`;
    await recordEvent(trx, { actor: actorOf(user), kind: `purchase.${action}`, customerId: p.customer_id, subject: { type: 'purchase', id }, summary,
      before: Object.fromEntries(keys.map((k) => [k, p[k]])), after: Object.fromEntries(keys.map((k) => [k, changes[k]])) });
    return { ok: true, message: summary };
  });
}
