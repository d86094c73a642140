import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { recordEvent, type Actor } from '../audit/record';
import { active } from '../blocklist/service';
import { addressProblem, drawFrom, HOLD_LABELS, holdReasons, nearMatch } from './rules';

type Row = Record<string, any>;
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest();

/** The blocklist emails and phones a customer could be near (the rule in rules.ts decides). */
const candidates = (trx: Knex.Transaction, now: Date, customer: Row) => {
  const local = (customer.email ?? '').toLowerCase().split('@')[0].split('+')[0].replace(/\./g, '');
  const digits = (customer.phone ?? '').replace(/\D/g, '').replace(/^1(\d{10})$/, '$1');
  return active(trx, now)
    .select('type', 'value', 'display_value')
    .where((w) =>
      w
        .where((e) =>
          e
            .where('type', 'email')
            .whereRaw("regexp_replace(split_part(split_part(value, '@', 1), '+', 1), '\\.', '', 'g') = ?", [local]),
        )
        .orWhere((p) => p.where('type', 'phone').whereRaw('length(value) = ?', [digits.length])),
    )
    .limit(500);
};

/**
 * Called as a new order's first charge is booked approved: holds the order for QA when a rule says so —
 * its review row, an event and a history line. The caller creates the fulfillment on hold when this is
 * true, so nothing ships until a person approves.
 */
export async function holdForReview(
  trx: Knex.Transaction,
  now: Date,
  actor: Actor,
  order: Row,
  customer: Row,
  sale: Row,
) {
  const settings = await trx('settings').first('qa_sample_percent');
  const reasons = holdReasons({
    externalPayment: sale.gateway === 'external',
    addressProblem: addressProblem(customer),
    nearMatch: nearMatch(customer, await candidates(trx, now, customer)),
    samplePercent: settings?.qa_sample_percent ?? 0,
    sampleDraw: drawFrom(order.public_id, sha256),
  });
  if (!reasons.length) return false;
  const [review] = await trx('qa_reviews')
    .insert({ order_id: order.id, customer_id: order.customer_id, reasons: JSON.stringify(reasons), created_at: now })
    .onConflict('order_id')
    .ignore()
    .returning('id');
  if (!review) return true;
  await recordEvent(trx, {
    actor,
    kind: 'qa.held',
    customerId: order.customer_id,
    subject: { type: 'order', id: order.public_id },
    summary: `Order ${order.public_id} held for QA: ${reasons.map((r) => `${HOLD_LABELS[r.code]} (${r.detail})`).join('; ')}`,
  });
  return true;
}
