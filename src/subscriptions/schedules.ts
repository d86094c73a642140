/**
 * Cancel and pause modes of a purchase (docs/RULES.md §Cancel and pause modes), as pure rules: what
 * scheduling a change does to the purchase at once, and how the purchase page says what is waiting.
 */
export const CANCEL_MODES = ['now', 'after_next_billing', 'before_next_billing', 'on_date'] as const;
export type CancelMode = (typeof CANCEL_MODES)[number];
export const PAUSE_MODES = ['now', 'before_next_billing'] as const;
export type PauseMode = (typeof PAUSE_MODES)[number];

export interface Schedule {
  kind: 'cancel' | 'pause';
  mode: Exclude<CancelMode, 'now'>;
  effective_date: string | null;
  restart_date: string | null;
  continue_billing: boolean;
  refund_last: boolean;
  reason: string | null;
}

/**
 * What a scheduled cancellation changes now. Before the next billing: the purchase is `cancel_scheduled`
 * and the rebill ends it on its bill date instead of billing. On a date without billing until then: the
 * same, with the bill date moved to that day. After the next successful billing, or on a date with
 * billing continuing: nothing yet (the billing, or the daily run on that date, acts).
 */
export function cancelChange(
  mode: Exclude<CancelMode, 'now'>,
  date: string | null,
  continueBilling: boolean,
): { status?: 'cancel_scheduled'; next_bill_date?: string } {
  if (mode === 'before_next_billing') return { status: 'cancel_scheduled' };
  if (mode === 'on_date' && !continueBilling) return { status: 'cancel_scheduled', next_bill_date: date! };
  return {};
}

/** The purchase page's sentence for what is waiting. */
export function describeSchedule(s: Schedule, nextBill: string | null): string {
  if (s.kind === 'pause')
    return `Pauses before the next billing (${nextBill ?? '—'}) and bills again on ${s.restart_date}`;
  const refund = s.refund_last ? '; the last billing will be refunded' : '';
  const because = s.reason ? ` — ${s.reason}` : '';
  switch (s.mode) {
    case 'after_next_billing':
      return `Cancels after the next successful billing${because}${refund}`;
    case 'before_next_billing':
      return `Cancels before the next billing (${nextBill ?? '—'}), nothing more is billed${because}${refund}`;
    case 'on_date':
      return `Cancels on ${s.effective_date}${s.continue_billing ? ', billing as usual until then' : ', nothing more is billed'}${because}${refund}`;
  }
}
