import { recordEvent, type Actor } from '../audit/record';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import { addDays, dayIn } from '../lib/clock';
import { portalEmails } from './emails';
import { insertLink, portalUrl, shopOf } from './links';

const JOB: Actor = { kind: 'job', name: 'Rebill reminders' };
/** Only purchases that will really be charged on their date are reminded (a paused one resumes first). */
const BILLING = ['trial', 'active', 'recycling'];

/**
 * The pre-billing reminder, N days (settings) before each rebill: one email a purchase and bill date,
 * carrying a portal link (card and cancel) valid until the day after the bill. The (purchase, date)
 * row is inserted first, so two processes or a re-run never send it twice; a run after downtime still
 * reminds whatever bills within the next N days.
 */
export async function sendRebillReminders(deps: Deps): Promise<{ sent: number }> {
  const { rebill_reminder_days: days } = await deps.db('settings').first('rebill_reminder_days');
  if (!days) return { sent: 0 };
  const now = deps.clock.now();
  const today = dayIn(now, deps.config.tz);
  const due = await deps
    .db('purchases as p')
    .join('products as pr', 'pr.id', 'p.product_id')
    .whereIn('p.status', BILLING)
    .where('p.next_bill_date', '>', today)
    .where('p.next_bill_date', '<=', addDays(today, days))
    .whereNotExists(
      deps.db('rebill_reminders as r').whereRaw('r.purchase_id = p.id AND r.bill_date = p.next_bill_date'),
    )
    .select('p.id', 'p.customer_id', 'p.next_bill_date', 'p.quantity', 'p.unit_price_cents', 'p.next_price_cents')
    .select('p.currency', 'pr.name as product')
    .orderBy('p.id');
  let sent = 0;
  for (const p of due) if (await remind(deps, now, p)) sent++;
  return { sent };
}

async function remind(deps: Deps, now: Date, p: Record<string, any>): Promise<boolean> {
  const billDate = String(p.next_bill_date); // a `date` column arrives as 'YYYY-MM-DD' (src/db/knex.ts)
  return deps.db.transaction(async (trx) => {
    const claimed = await trx('rebill_reminders')
      .insert({ purchase_id: p.id, bill_date: billDate, sent_at: now })
      .onConflict(['purchase_id', 'bill_date'])
      .ignore()
      .returning('purchase_id');
    const customer = await trx('customers').where({ id: p.customer_id }).first('id', 'first_name', 'email');
    if (!claimed.length || !customer.email) return false;
    const days = Math.max(1, Math.ceil((Date.parse(`${billDate}T00:00:00Z`) - now.getTime()) / 86_400_000) + 1);
    const link = await insertLink(trx, {
      customerId: customer.id,
      purpose: 'portal',
      days,
      source: 'reminder',
      now,
      createdBy: null,
    });
    const amountCents = p.quantity * (p.next_price_cents ?? p.unit_price_cents);
    const mail = portalEmails.reminder(customer, {
      ...shopOf(deps),
      product: p.product,
      billDate,
      amountCents,
      currency: p.currency,
      url: portalUrl(deps, link.token),
    });
    await enqueueEmail(trx, now, customer.email, mail, customer.id);
    await trx('portal_links').where({ id: link.id }).update({ sent_at: now });
    await recordEvent(trx, {
      actor: JOB,
      kind: 'portal.rebill_reminder',
      customerId: customer.id,
      subject: { type: 'purchase', id: p.id },
      summary: `Emailed the reminder that subscription #${p.id} bills on ${billDate}, with portal link #${link.id}`,
    });
    return true;
  });
}
