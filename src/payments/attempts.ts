import type { SaleStatus } from './states';

/** Retries after the first decline; after the last one fails the notify emails are told. */
export const MAX_RETRIES = 3;

export type Op = 'refund' | 'void';
// Rows of transactions / refund_queue as the booking steps read them.
export type Row = Record<string, any>;

export interface AttemptLog {
  at: string;
  attempt: number;
  reason: string;
}

export interface Booked {
  row: Row;
  saleStatus: SaleStatus;
  /** False when the answer was already booked (by a concurrent request or the reconciler). */
  booked: boolean;
  /** Set when a declined refund went to (or stayed in) the refund queue. */
  queuedUntil?: Date;
  /** A queue retry that was the last one: the item failed and the notify emails were written. */
  itemFailed?: boolean;
}

/** A queue item's attempt log with one more line. */
export const logWith = (item: Row, now: Date, attempt: number, reason: string) =>
  JSON.stringify([...(item.attempt_log ?? []), { at: now.toISOString(), attempt, reason }]);
