import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import type { Deps } from '../deps';
import { addDays, dayIn } from '../lib/clock';
import { formatMoney } from '../lib/money';
import { fail, NotFoundError, type Result } from '../lib/results';
import { getSettings } from '../settings/service';
import { emailPause } from './emails';
import { chargesOfPurchase, fulfillmentsOfPurchase, optionsOf, purchaseById } from './queries';
import { describeSchedule } from './schedules';
import { decidePurchase, type PurchaseAction } from './states';

/** Everything the purchase page shows: the purchase, its options, charges, parcels, what is scheduled, the reasons. */
export async function purchasePage(db: Db, id: number) {
  const purchase = await purchaseById(db, id);
  if (!purchase) throw new NotFoundError('That subscription');
  const [options, charges, fulfillments, settings, scheduled] = await Promise.all([
    optionsOf(db, purchase.product_id),
    chargesOfPurchase(db, purchase.id),
    fulfillmentsOfPurchase(db, purchase.id),
    getSettings(db),
    db('purchase_schedules').where({ purchase_id: purchase.id, status: 'scheduled' }).first(),
  ]);
  const { cancellation_reasons: reasons, refund_reasons: refundReasons } = settings;
  const schedule = scheduled ? describeSchedule(scheduled, purchase.next_bill_date) : null;
  return { purchase, options, charges, fulfillments, reasons, refundReasons, schedule };
}

type Input = Record<string, unknown>;

const ACTION_WORDS = new Map<PurchaseAction, string>([
  ['change', 'changed'],
  ['restart_trial', 'trial restarted'],
  ['skip_trial', 'trial skipped'],
  ['stop_trial', 'trial stopped'],
  ['pause', 'paused'],
  ['resume', 'resumed'],
]);

const FIELD_WORDS = new Map<string, string>([
  ['status', 'Status'],
  ['quantity', 'Quantity'],
  ['unit_price_cents', 'Price'],
  ['next_bill_date', 'Next bill date'],
  ['trial_end', 'Trial end'],
  ['billing_cycle', 'Billing cycle'],
  ['product_option_id', 'Option'],
  ['cancel_reason', 'Cancel reason'],
  ['cancelled_at', 'Cancelled on'],
  ['recycle_attempts', 'Retries after a decline'],
]);

/** A value as the history shows it: dates as calendar days, never `Date.toString()`. */
const shown = (v: unknown, timeZone = 'UTC'): string =>
  v === null || v === undefined || v === '' ? '—' : v instanceof Date ? dayIn(v, timeZone) : String(v);

/**
 * What changed, in the agent's words: "Price $69.95 → $20.00 from the next billing", "Quantity 1 → 2",
 * "Next bill date 2026-12-01 → 2026-12-15"; never a column name or a raw Date.
 */
export function describeChanges(
  keys: string[],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  o: { currency: string; timeZone: string; optionNames: Map<number, string> },
): string[] {
  const money = (v: unknown) => (v === null || v === undefined ? '—' : formatMoney(Number(v), o.currency));
  return keys.map((k) => {
    if (k === 'next_price_cents') {
      return after[k] === null
        ? `Price change for the next billing (${money(before[k])}) dropped`
        : `Price ${money(before.unit_price_cents)} → ${money(after[k])} from the next billing`;
    }
    if (k === 'unit_price_cents') return `Price ${money(before[k])} → ${money(after[k])}`;
    if (k === 'product_option_id')
      return `Option ${o.optionNames.get(Number(before[k])) ?? '—'} → ${o.optionNames.get(Number(after[k])) ?? '—'}`;
    if (k === 'status') return `Status ${shown(before[k]).replace(/_/g, ' ')} → ${shown(after[k]).replace(/_/g, ' ')}`;
    return `${FIELD_WORDS.get(k) ?? k.replace(/_/g, ' ')} ${shown(before[k], o.timeZone)} → ${shown(after[k], o.timeZone)}`;
  });
}

/**
 * One action on a purchase: the row locked, the rule of `states.ts` checked inside the lock, the
 * change and its event (before → after) in one transaction.
 */
export async function actOnPurchase(
  deps: Deps,
  user: SessionUser,
  id: number,
  action: PurchaseAction,
  input: Input = {},
): Promise<Result<{ message: string }, 'not_allowed' | 'wrong_option'>> {
  const now = deps.clock.now();
  const today = dayIn(now, deps.config.tz);
  return deps.db.transaction(async (trx) => {
    const p = await trx('purchases').where({ id }).forUpdate().first();
    if (!p) throw new NotFoundError('That subscription');
    const d = decidePurchase(action, p.status);
    if (!d.ok) return d;
    const option = await trx('product_options')
      .where({ id: input.product_option_id ?? p.product_option_id })
      .first();
    if (!option || option.product_id !== p.product_id)
      return fail('wrong_option', 'Choose an option of the same product.', {
        product_option_id: 'Choose an option of the same product.',
      });
    const trialDays = option.trial_days ?? 14;
    const changes: Record<string, unknown> = { ...(d.next ? { status: d.next } : {}), updated_at: now };
    switch (action) {
      case 'restart_trial':
        Object.assign(changes, {
          billing_cycle: 1,
          trial_end: addDays(today, trialDays),
          next_bill_date: addDays(today, trialDays),
          cancel_reason: null,
          cancelled_at: null,
          recycle_attempts: 0,
        });
        break;
      case 'skip_trial':
        // The trial (cycle 1) ends today; cycle 2 is the next one billed, today.
        Object.assign(changes, { next_bill_date: today, trial_end: today });
        break;
      case 'stop_trial':
        Object.assign(changes, { cancel_reason: 'Trial stopped' });
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
          ...(input.price_scope === 'next'
            ? { next_price_cents: input.unit_price }
            : { unit_price_cents: input.unit_price, next_price_cents: null }),
        });
        break;
    }
    const keys = Object.keys(changes).filter((k) => k !== 'updated_at' && shown(p[k]) !== shown(changes[k]));
    // A save that changes nothing writes nothing: no row update, no event, no history line.
    if (!keys.length) return { ok: true, message: 'Nothing was changed.' };
    await trx('purchases').where({ id }).update(changes);
    const optionNames = new Map<number, string>(
      (await trx('product_options').whereIn('id', [p.product_option_id, option.id]).select('id', 'name')).map((o) => [
        o.id,
        o.name,
      ]),
    );
    const words = describeChanges(keys, p, changes, { currency: p.currency, timeZone: deps.config.tz, optionNames });
    const summary = `Subscription #${id}: ${ACTION_WORDS.get(action) ?? action}${words.length ? ` — ${words.join('; ')}` : ''}`;
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: `purchase.${action}`,
      customerId: p.customer_id,
      subject: { type: 'purchase', id },
      summary,
      before: Object.fromEntries(keys.map((k) => [k, p[k]])),
      after: Object.fromEntries(keys.map((k) => [k, changes[k]])),
    });
    if (action === 'pause') await emailPause(trx, now, p, String(changes.next_bill_date));
    return { ok: true, message: summary };
  });
}
