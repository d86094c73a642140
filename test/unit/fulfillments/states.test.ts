import {
  ACTIONS,
  decideFulfillment,
  FULFILLMENT_STATUSES,
  reshipReference,
  type FulfillmentAction,
  type FulfillmentStatus,
} from '../../../src/fulfillments/states';

// Every status × every action: the next status, "new" for a reship, or "no".
const TABLE: Record<FulfillmentStatus, Record<FulfillmentAction, string>> = {
  hold: {
    cancel: 'cancelled',
    reship: 'no',
    ship: 'no',
    deliver: 'no',
    return: 'no',
    fail: 'no',
    hold: 'no',
    release: 'pending',
  },
  pending: {
    cancel: 'cancelled',
    reship: 'no',
    ship: 'shipped',
    deliver: 'no',
    return: 'no',
    fail: 'no',
    hold: 'hold',
    release: 'no',
  },
  shipped: {
    cancel: 'no',
    reship: 'new',
    ship: 'no',
    deliver: 'delivered',
    return: 'returned',
    fail: 'failed',
    hold: 'no',
    release: 'no',
  },
  delivered: {
    cancel: 'no',
    reship: 'new',
    ship: 'no',
    deliver: 'no',
    return: 'returned',
    fail: 'no',
    hold: 'no',
    release: 'no',
  },
  cancelled: {
    cancel: 'no',
    reship: 'no',
    ship: 'no',
    deliver: 'no',
    return: 'no',
    fail: 'no',
    hold: 'no',
    release: 'no',
  },
  returned: {
    cancel: 'no',
    reship: 'new',
    ship: 'no',
    deliver: 'no',
    return: 'no',
    fail: 'no',
    hold: 'no',
    release: 'no',
  },
  failed: {
    cancel: 'no',
    reship: 'new',
    ship: 'no',
    deliver: 'no',
    return: 'no',
    fail: 'no',
    hold: 'no',
    release: 'no',
  },
};

describe('fulfillment rules', () => {
  it.each(FULFILLMENT_STATUSES.flatMap((s) => ACTIONS.map((a) => [s, a, TABLE[s][a]] as const)))(
    '%s × %s → %s',
    (status, action, expected) => {
      const d = decideFulfillment(action, status);
      expect(d.ok ? (d.next ?? 'new') : 'no').toBe(expected);
      if (!d.ok) expect(d.message.length).toBeGreaterThan(10);
    },
  );

  it('suffixes reship references -R1, -R2 on the original reference', () => {
    expect(reshipReference('F-ABC12345', 1)).toBe('F-ABC12345-R1');
    expect(reshipReference('F-ABC12345-R1', 2)).toBe('F-ABC12345-R2');
  });
});
