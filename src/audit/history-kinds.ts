/**
 * The history's filter: each entry's kind (an event kind, or `note`) falls in one of four groups.
 * Money is anything that charged, refunded, voided, credited or queued money; emails are mail sent or
 * resent; notes are agents' notes and logged calls; changes are everything else (edits, tags, cancels,
 * merges, blacklisting…), so a kind added later lands in "changes" until it is listed here.
 */
export const HISTORY_KINDS = ['notes', 'money', 'emails', 'changes'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export const HISTORY_KIND_LABELS: Record<HistoryKind, string> = {
  notes: 'Notes',
  money: 'Money',
  emails: 'Emails',
  changes: 'Changes',
};

const PATTERNS: Record<Exclude<HistoryKind, 'changes'>, string[]> = {
  notes: ['note', 'customer.note_added', 'customer.call_logged'],
  money: [
    'transaction.%',
    'transactions.%',
    'refund_queue.%',
    'order.created',
    'order.declined',
    'order.refunded',
    'order.upsold',
    'order.upsell_declined',
    'purchase.billed',
    'purchase.bill_declined',
    'purchase.bill_blocked',
    'credit%',
    'payout.%',
    'payment%',
    'coupon.%',
  ],
  emails: ['email.%'],
};

/** The SQL condition on `kind` for one group, with its bindings (LIKE patterns). */
export function kindCondition(kind: HistoryKind): { sql: string; bindings: string[][] } {
  if (kind === 'changes') {
    const all = [...PATTERNS.notes, ...PATTERNS.money, ...PATTERNS.emails];
    return { sql: 'NOT (kind LIKE ANY(?))', bindings: [all] };
  }
  return { sql: 'kind LIKE ANY(?)', bindings: [PATTERNS[kind]] };
}

export const isHistoryKind = (v: unknown): v is HistoryKind => HISTORY_KINDS.includes(v as HistoryKind);
