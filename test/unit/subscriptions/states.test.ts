import {
  afterBilling,
  decidePurchase,
  PURCHASE_ACTIONS,
  PURCHASE_STATUSES,
  type PurchaseAction,
  type PurchaseStatus,
} from '../../../src/subscriptions/states';

// Every status × every action: the next status, "same" (a change), or "no".
const T: Record<PurchaseStatus, Record<PurchaseAction, string>> = {
  trial: {
    restart_trial: 'trial',
    skip_trial: 'active',
    stop_trial: 'cancel_scheduled',
    change: 'same',
    cancel_now: 'cancelled',
    cancel_after_next: 'cancel_scheduled',
    pause: 'paused',
    resume: 'no',
    bill: 'same',
  },
  active: {
    restart_trial: 'no',
    skip_trial: 'no',
    stop_trial: 'no',
    change: 'same',
    cancel_now: 'cancelled',
    cancel_after_next: 'cancel_scheduled',
    pause: 'paused',
    resume: 'no',
    bill: 'same',
  },
  paused: {
    restart_trial: 'no',
    skip_trial: 'no',
    stop_trial: 'no',
    change: 'same',
    cancel_now: 'cancelled',
    cancel_after_next: 'cancel_scheduled',
    pause: 'no',
    resume: 'active',
    bill: 'no',
  },
  cancel_scheduled: {
    restart_trial: 'no',
    skip_trial: 'no',
    stop_trial: 'no',
    change: 'same',
    cancel_now: 'cancelled',
    cancel_after_next: 'no',
    pause: 'no',
    resume: 'no',
    bill: 'same',
  },
  recycling: {
    restart_trial: 'no',
    skip_trial: 'no',
    stop_trial: 'no',
    change: 'same',
    cancel_now: 'cancelled',
    cancel_after_next: 'cancel_scheduled',
    pause: 'no',
    resume: 'no',
    bill: 'same',
  },
  cancelled: {
    restart_trial: 'trial',
    skip_trial: 'no',
    stop_trial: 'no',
    change: 'no',
    cancel_now: 'no',
    cancel_after_next: 'no',
    pause: 'no',
    resume: 'no',
    bill: 'no',
  },
  complete: {
    restart_trial: 'trial',
    skip_trial: 'no',
    stop_trial: 'no',
    change: 'no',
    cancel_now: 'no',
    cancel_after_next: 'no',
    pause: 'no',
    resume: 'no',
    bill: 'no',
  },
};

describe('purchase rules', () => {
  it.each(PURCHASE_STATUSES.flatMap((s) => PURCHASE_ACTIONS.map((a) => [s, a, T[s][a]] as const)))(
    '%s × %s → %s',
    (status, action, expected) => {
      const d = decidePurchase(action, status);
      expect(d.ok ? (d.next ?? 'same') : 'no').toBe(expected);
      if (!d.ok) expect(d.message.length).toBeGreaterThan(10);
    },
  );

  it('explains why a trial action is refused on an active purchase', () => {
    expect(decidePurchase('skip_trial', 'active')).toEqual({
      ok: false,
      code: 'not_allowed',
      message: 'Only a subscription in its trial can skip it.',
    });
  });

  it.each([
    ['trial', 2, null, 'active'],
    ['recycling', 3, null, 'active'],
    ['active', 5, 6, 'active'],
    ['active', 6, 6, 'complete'],
    ['cancel_scheduled', 2, null, 'cancel_scheduled'],
  ] as const)('after billing a %s purchase at cycle %i (final %p) it is %s', (status, cycle, final, expected) => {
    expect(afterBilling(status, cycle, final)).toBe(expected);
  });
});
