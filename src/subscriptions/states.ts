/**
 * What can be done with a continuity purchase in each status (docs/RULES.md §Subscriptions): one
 * table, status × action → the next status or a refusal an agent can read out.
 */
export const PURCHASE_STATUSES = [
  'trial',
  'active',
  'paused',
  'cancel_scheduled',
  'recycling',
  'cancelled',
  'complete',
] as const;
export type PurchaseStatus = (typeof PURCHASE_STATUSES)[number];

export const PURCHASE_ACTIONS = [
  'restart_trial',
  'skip_trial',
  'stop_trial',
  'change',
  'cancel_now',
  'cancel_after_next',
  'pause',
  'resume',
  'bill',
] as const;
export type PurchaseAction = (typeof PURCHASE_ACTIONS)[number];

/** Purchases that have not ended: they can still bill, change or be cancelled. */
export const LIVE_PURCHASE_STATUSES: PurchaseStatus[] = ['trial', 'active', 'paused', 'cancel_scheduled', 'recycling'];
const LIVE = LIVE_PURCHASE_STATUSES;

// `null` keeps the status as it is (a change of option, quantity, price or date).
const TABLE: Record<PurchaseAction, { from: PurchaseStatus[]; to: PurchaseStatus | null; refusal: string }> = {
  restart_trial: {
    from: ['trial', 'cancelled', 'complete'],
    to: 'trial',
    refusal: 'Only a trial, or a cancelled or completed subscription, can restart its trial.',
  },
  skip_trial: { from: ['trial'], to: 'active', refusal: 'Only a subscription in its trial can skip it.' },
  stop_trial: { from: ['trial'], to: 'cancel_scheduled', refusal: 'Only a subscription in its trial can stop it.' },
  change: {
    from: LIVE,
    to: null,
    refusal: 'A cancelled or completed subscription cannot be changed; restart its trial first.',
  },
  cancel_now: { from: LIVE, to: 'cancelled', refusal: 'This subscription has already ended.' },
  cancel_after_next: {
    from: ['trial', 'active', 'paused', 'recycling'],
    to: 'cancel_scheduled',
    refusal: 'This subscription is already ending or has ended.',
  },
  pause: {
    from: ['trial', 'active'],
    to: 'paused',
    refusal: 'Only a running subscription (trial or active) can be paused.',
  },
  resume: { from: ['paused'], to: 'active', refusal: 'Only a paused subscription can be resumed.' },
  // Billing the current cycle; the status after a successful charge is decided by `afterBilling`.
  bill: {
    from: ['trial', 'active', 'recycling', 'cancel_scheduled'],
    to: null,
    refusal: 'Only a running subscription can be billed (resume a paused one first).',
  },
};

/** The status after a successful charge of cycle `billedCycle`. */
export function afterBilling(status: PurchaseStatus, billedCycle: number, finalCycle: number | null): PurchaseStatus {
  if (finalCycle !== null && billedCycle >= finalCycle) return 'complete';
  return status === 'cancel_scheduled' ? 'cancel_scheduled' : 'active';
}

export type PurchaseDecision =
  | { ok: true; next: PurchaseStatus | null }
  | { ok: false; code: 'not_allowed'; message: string };

/** What views ask instead of restating the table: may this purchase take this action now? */
export const purchaseAllows = (p: { status: string }, action: PurchaseAction) =>
  TABLE[action].from.includes(p.status as PurchaseStatus);

export function decidePurchase(action: PurchaseAction, status: PurchaseStatus): PurchaseDecision {
  const rule = TABLE[action];
  return rule.from.includes(status)
    ? { ok: true, next: rule.to }
    : { ok: false, code: 'not_allowed', message: rule.refusal };
}
