/** The events a webhook endpoint can ask for (docs/WEBHOOKS.md). */
export const WEBHOOK_EVENTS = [
  'customer.created',
  'customer.updated',
  'customer.merged',
  'customer.deleted',
  'order.created',
  'transaction.approved',
  'transaction.declined',
  'transaction.refunded',
  'transaction.voided',
  'refund_queue.failed',
  'purchase.status_changed',
  'fulfillment.status_changed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const statusChanges = (prefix: string, actions: string[]) =>
  actions.map((a): [string, WebhookEvent[]] => [
    `${prefix}.${a}`,
    [prefix === 'purchase' ? 'purchase.status_changed' : 'fulfillment.status_changed'],
  ]);

/**
 * Our event kinds (the `kind` every action records through recordEvent) → the webhook events they
 * are. The one place a new kind becomes visible to merchants; kinds not listed send nothing.
 */
const BY_KIND = new Map<string, WebhookEvent[]>([
  ['customer.created', ['customer.created']],
  ['customer.edited', ['customer.updated']],
  ['customer.tagged', ['customer.updated']],
  ['customer.untagged', ['customer.updated']],
  ['customer.blacklisted', ['customer.updated']],
  ['customer.unblacklisted', ['customer.updated']],
  ['customer.merged', ['customer.merged']],
  ['customer.deleted', ['customer.deleted']],
  // Order entry records its approved sale as the order's creation.
  ['order.created', ['order.created', 'transaction.approved']],
  ['order.declined', ['transaction.declined']],
  ['purchase.billed', ['transaction.approved']],
  ['purchase.bill_declined', ['transaction.declined']],
  ['transaction.refund', ['transaction.refunded']],
  ['transaction.void', ['transaction.voided']],
  ['refund_queue.failed', ['refund_queue.failed']],
  ...statusChanges('purchase', [
    'restart_trial',
    'skip_trial',
    'stop_trial',
    'cancel_now',
    'cancel_after_next',
    'cancel_scheduled',
    'cancel_armed',
    'cancel_unscheduled',
    'pause',
    'paused',
    'resume',
    'cancelled',
    'resumed',
    'recycling',
  ]),
  ...statusChanges('fulfillment', ['cancel', 'ship', 'deliver', 'return', 'fail', 'hold', 'release']),
]);

/** For the test that checks every kind listed here is one an action records. */
export const MAPPED_KINDS = [...BY_KIND.keys()];

export const webhookEventsFor = (kind: string): WebhookEvent[] => BY_KIND.get(kind) ?? [];
