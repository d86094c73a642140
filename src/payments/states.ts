import { formatMoney } from '../lib/money';

/**
 * The rules of a sale, in one table (docs/RULES.md §Charges): which operation is allowed in which
 * status, with what amount, and the status it leads to. Services call `decide` and never re-state
 * these rules; refusals are results with a code and a sentence an agent can read out.
 */
export const SALE_STATUSES = [
  'sending',
  'pending',
  'settled',
  'declined',
  'partially_refunded',
  'refunded',
  'voided',
  'errored',
] as const;
export type SaleStatus = (typeof SALE_STATUSES)[number];

/**
 * Sales that went through (money was taken, whatever happened to it since): a customer, not a lead,
 * has at least one. The partial index transactions_paid_customer (migration 20261123200004) lists
 * the same statuses: change both together.
 */
export const PAID_SALE_STATUSES: SaleStatus[] = ['pending', 'settled', 'partially_refunded', 'refunded', 'voided'];

/** Sales whose money was taken and not released by a void (refunds are counted apart). */
export const tookMoney = (status: string) => PAID_SALE_STATUSES.includes(status as SaleStatus) && status !== 'voided';

export const OPERATIONS = ['void', 'refund', 'settle'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface SaleState {
  status: SaleStatus;
  amountCents: number;
  refundedCents: number;
  /** Reserved by refunds waiting in the refund queue. */
  queuedCents: number;
  currency?: string;
  /** Paid outside any gateway (cash, a transfer registered on the profile): no gateway can give it back. */
  outside?: boolean;
}

export type RefusalCode =
  | 'not_settled'
  | 'already_settled'
  | 'already_voided'
  | 'already_refunded'
  | 'not_charged'
  | 'unknown_outcome'
  | 'no_refundable_amount'
  | 'exceeds_refundable'
  | 'invalid_amount'
  | 'in_flight'
  | 'outside_gateway';

export type Decision =
  | { ok: true; next: SaleStatus; amountCents: number }
  | { ok: false; code: RefusalCode; message: string };

/** What can still be refunded: the amount less earlier refunds and refunds waiting in the queue. */
export const refundableCents = (s: SaleState) => Math.max(0, s.amountCents - s.refundedCents - s.queuedCents);

const refuse = (code: RefusalCode, message: string): Decision => ({ ok: false, code, message });

/** A void waiting for the gateway holds the whole unsettled sale: nothing else may happen to it meanwhile. */
const IN_FLIGHT = refuse(
  'in_flight',
  'A void of this charge is waiting for the gateway; its outcome will show here shortly.',
);

/** Why an operation is not allowed in a status it does not apply to. */
function wrongStatus(op: Operation, status: SaleStatus): Decision {
  switch (status) {
    case 'declined':
      return refuse('not_charged', 'This charge was declined, so no money was taken.');
    case 'sending':
    case 'errored':
      return refuse(
        'unknown_outcome',
        "The gateway's answer for this charge is not known yet; it is being checked with the gateway. Nothing else can be done with it until then.",
      );
    case 'voided':
      return refuse('already_voided', 'This charge has already been voided.');
    case 'refunded':
      return refuse('already_refunded', 'This charge has already been refunded in full.');
    case 'pending':
      return refuse('not_settled', 'This charge has not settled yet — void it instead.');
    case 'settled':
    case 'partially_refunded':
      return op === 'void'
        ? refuse('already_settled', 'This charge has already settled, so it cannot be voided — refund it instead.')
        : refuse('already_settled', 'This charge has already settled.');
  }
}

/**
 * Decides one operation on a sale. `amountCents` is used by refunds only (a void is always the whole
 * amount; a partial void does not exist).
 */
export function decide(op: Operation, sale: SaleState, amountCents?: number): Decision {
  // A payment made outside (cash, bank transfer) is refunded outside too: its refund is booked as
  // "refunded externally" (payments/external.ts) and never sent; there is nothing to void.
  if (sale.outside && op === 'void')
    return refuse('outside_gateway', 'This payment was made outside the gateway, so there is nothing to void.');
  switch (op) {
    case 'void':
      if (sale.status !== 'pending') return wrongStatus(op, sale.status);
      if (sale.queuedCents > 0) return IN_FLIGHT;
      return { ok: true, next: 'voided', amountCents: sale.amountCents };
    case 'settle':
      if (sale.status !== 'pending') return wrongStatus(op, sale.status);
      if (sale.queuedCents > 0) return IN_FLIGHT;
      return { ok: true, next: 'settled', amountCents: sale.amountCents };
    case 'refund': {
      if (sale.status !== 'settled' && sale.status !== 'partially_refunded') return wrongStatus(op, sale.status);
      const left = refundableCents(sale);
      if (left === 0) {
        return refuse(
          'no_refundable_amount',
          sale.queuedCents > 0
            ? 'Nothing is left to refund: the rest is already waiting in the refund queue.'
            : 'Nothing is left to refund on this charge.',
        );
      }
      const amount = amountCents ?? left;
      if (!Number.isSafeInteger(amount) || amount < 1)
        return refuse('invalid_amount', 'Enter an amount of at least $0.01.');
      if (amount > left)
        return refuse(
          'exceeds_refundable',
          `Only ${formatMoney(left, sale.currency)} can still be refunded on this charge.`,
        );
      return {
        ok: true,
        next: sale.refundedCents + amount === sale.amountCents ? 'refunded' : 'partially_refunded',
        amountCents: amount,
      };
    }
  }
}

/** A `transactions` row (amounts may come back from pg as strings) as the state the table decides on. */
export interface SaleRow {
  status: string;
  amount_cents: number | string;
  refunded_cents: number | string;
  queued_cents: number | string;
  currency?: string;
  gateway?: string;
  order_id?: number | string | null;
}

export const saleStateOf = (row: SaleRow): SaleState => ({
  status: row.status as SaleStatus,
  amountCents: Number(row.amount_cents),
  refundedCents: Number(row.refunded_cents),
  queuedCents: Number(row.queued_cents),
  currency: row.currency,
  // `external` with an order is the storefront's own charge, made on a gateway that may refund it.
  outside: row.gateway === 'external' && !row.order_id,
});

/** What views ask instead of restating the rules: may this sale be refunded (some amount) or voided now? */
export const canRefund = (s: SaleState) => decide('refund', s).ok;
export const canVoid = (s: SaleState) => decide('void', s).ok;

/** The same questions about a row of `transactions` (a refund or void row is never refunded or voided). */
export const saleRowAllows = (op: 'refund' | 'void', row: SaleRow & { type: string }) =>
  row.type === 'sale' && (op === 'refund' ? canRefund : canVoid)(saleStateOf(row));
/** A sale whose gateway answer is not known yet (a timeout, or a call still out): never declined, never approved. */
export const isUnknownOutcome = (status: string) => status === 'sending' || status === 'errored';

export const UNKNOWN_OUTCOME_LABEL = 'unknown — checking with the gateway';

/** How every page and message names a status: the one wording for an unknown gateway outcome. */
export const statusLabel = (status: string) =>
  isUnknownOutcome(status) ? UNKNOWN_OUTCOME_LABEL : status.replace(/_/g, ' ');
