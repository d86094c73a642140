/**
 * What can be done with a fulfillment in each status (docs/RULES.md §Fulfillments): cancel before it
 * ships, reship after it shipped, and move it along (ship with tracking, delivered, returned, failed).
 */
export const FULFILLMENT_STATUSES = [
  'hold',
  'pending',
  'shipped',
  'delivered',
  'cancelled',
  'returned',
  'failed',
] as const;
export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

export const ACTIONS = ['cancel', 'reship', 'ship', 'deliver', 'return', 'fail', 'hold', 'release'] as const;
export type FulfillmentAction = (typeof ACTIONS)[number];

const TABLE: Record<FulfillmentAction, { from: FulfillmentStatus[]; to: FulfillmentStatus | null }> = {
  cancel: { from: ['hold', 'pending'], to: 'cancelled' },
  reship: { from: ['shipped', 'delivered', 'returned', 'failed'], to: null }, // a new fulfillment; this one is unchanged
  ship: { from: ['pending'], to: 'shipped' },
  deliver: { from: ['shipped'], to: 'delivered' },
  return: { from: ['shipped', 'delivered'], to: 'returned' },
  fail: { from: ['shipped'], to: 'failed' },
  hold: { from: ['pending'], to: 'hold' },
  release: { from: ['hold'], to: 'pending' },
};

/** Parcels that have not left yet: the ones a cancellation also cancels (derived from the table). */
export const OPEN_FULFILLMENT_STATUSES: FulfillmentStatus[] = [...TABLE.cancel.from];

const REFUSALS: Partial<Record<FulfillmentAction, string>> = {
  cancel: 'This parcel has already left (or is cancelled) — reship it instead if the customer needs another.',
  reship: 'This parcel has not shipped yet — there is nothing to reship.',
  ship: 'Only a pending parcel can be marked shipped.',
};

export type FulfillmentDecision =
  | { ok: true; next: FulfillmentStatus | null }
  | { ok: false; code: 'not_allowed'; message: string };

export function decideFulfillment(action: FulfillmentAction, status: FulfillmentStatus): FulfillmentDecision {
  const rule = TABLE[action];
  if (rule.from.includes(status)) return { ok: true, next: rule.to };
  return {
    ok: false,
    code: 'not_allowed',
    message:
      REFUSALS[action] ?? `A ${status} parcel cannot be ${action === 'deliver' ? 'delivered' : `marked ${action}ed`}.`,
  };
}

/** The reference of the n-th reship: the fulfillment house rejects a repeated reference. */
export const reshipReference = (original: string, n: number) => `${original.replace(/-R\d+$/, '')}-R${n}`;
