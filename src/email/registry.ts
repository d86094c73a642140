/**
 * Every autoresponder the app sends, with its default subject and body and the placeholders it
 * fills. An admin may replace the subject and body (email_templates), but only with these
 * placeholders. Another part of the app adds its email by adding an entry here and building its
 * values where it sends it (src/email/templates.ts).
 */
export interface TemplateDefinition {
  label: string;
  /** Who receives it, for the admin page. */
  to: 'customer' | 'notify emails';
  placeholders: readonly string[];
  subject: string;
  body: string;
}

const signOff = '\n\nThank you,\nCustomer Care';
const PERSON = ['first_name', 'last_name', 'email'] as const;

export const EMAIL_TEMPLATES: Record<string, TemplateDefinition> = {
  welcome: {
    label: 'Welcome (order confirmation)',
    to: 'customer',
    placeholders: [...PERSON, 'order_id', 'items', 'amount'],
    subject: 'Your order {{order_id}} is confirmed',
    body: `Hi {{first_name}},\n\nThank you for your order {{order_id}}.\n\n{{items}}\nTotal: {{amount}}\n\nWe will email you when it ships.${signOff}`,
  },
  refund: {
    label: 'Refund',
    to: 'customer',
    placeholders: [...PERSON, 'order_id', 'amount', 'card_last4'],
    subject: 'Your refund of {{amount}}',
    body: `Hi {{first_name}},\n\nWe have refunded {{amount}} for order {{order_id}} to your card ending in {{card_last4}}. Depending on your bank it can take 5–10 business days to appear.${signOff}`,
  },
  void: {
    label: 'Void',
    to: 'customer',
    placeholders: [...PERSON, 'order_id', 'amount', 'card_last4'],
    subject: 'Your charge of {{amount}} was cancelled',
    body: `Hi {{first_name}},\n\nThe charge of {{amount}} for order {{order_id}} on your card ending in {{card_last4}} has been cancelled before it settled, so it will not be taken from your account.${signOff}`,
  },
  cancellation: {
    label: 'Cancellation',
    to: 'customer',
    placeholders: [...PERSON, 'order_id', 'reason'],
    subject: 'Your order {{order_id}} was cancelled',
    body: `Hi {{first_name}},\n\nYour order {{order_id}} has been cancelled ({{reason}}). Any subscription on it has been stopped and nothing more will be charged for it.${signOff}`,
  },
  pause: {
    label: 'Subscription paused',
    to: 'customer',
    placeholders: [...PERSON, 'order_id', 'product', 'restart_date'],
    subject: 'Your {{product}} subscription is paused',
    body: `Hi {{first_name}},\n\nYour {{product}} subscription (order {{order_id}}) is paused. It starts again on {{restart_date}}, when it is billed next.${signOff}`,
  },
  recurring_order: {
    label: 'Recurring order',
    to: 'customer',
    placeholders: [...PERSON, 'order_id', 'product', 'amount', 'card_last4', 'next_bill_date'],
    subject: 'Your {{product}} order of {{amount}}',
    body: `Hi {{first_name}},\n\nWe have billed {{amount}} for your {{product}} subscription (order {{order_id}}) and your next parcel is on its way. Your next billing is on {{next_bill_date}}.${signOff}`,
  },
  recurring_declined: {
    label: 'Recurring order declined',
    to: 'customer',
    placeholders: [...PERSON, 'order_id', 'product', 'amount', 'card_last4', 'reason', 'next_bill_date'],
    subject: 'We could not bill your {{product}} subscription',
    body: `Hi {{first_name}},\n\nYour card ending in {{card_last4}} was declined for {{amount}} ({{reason}}). We will try again on {{next_bill_date}}; to update your card, reply to this email.${signOff}`,
  },
  rebill_reminder: {
    label: 'Pre-billing reminder',
    to: 'customer',
    placeholders: [...PERSON, 'product', 'amount', 'next_bill_date', 'url', 'merchant'],
    subject: '{{merchant}}: your subscription renews on {{next_bill_date}}',
    body: 'Hi {{first_name}},\n\nYour subscription ({{product}}) renews on {{next_bill_date}}: we will charge {{amount}}.\n\nTo change your card or cancel before then, open:\n\n{{url}}\n\nThank you,\n{{merchant}}',
  },
  refund_failed: {
    label: 'Refund failed (to the notify emails)',
    to: 'notify emails',
    placeholders: [...PERSON, 'customer_id', 'order_id', 'transaction_id', 'amount', 'retries', 'attempts'],
    subject: 'Refund failed after {{retries}} retries: {{amount}} for {{first_name}} {{last_name}}',
    body: [
      'A refund could not be made and has left the refund queue. Please handle it by hand.',
      '',
      'Customer:    {{first_name}} {{last_name}} (#{{customer_id}}, {{email}})',
      'Order:       {{order_id}}',
      'Transaction: #{{transaction_id}}',
      'Amount:      {{amount}}',
      '',
      'Attempts:',
      '{{attempts}}',
    ].join('\n'),
  },
};

/** What the preview fills each placeholder with: a made-up customer and order. */
export const DEMO_VALUES: Readonly<Record<string, string>> = {
  first_name: 'Dana',
  last_name: 'Demo',
  email: 'dana.demo@example.com',
  customer_id: '1001',
  order_id: 'DEMO1234',
  transaction_id: '5005',
  items: '1 × Radiance Serum — 30 days  $39.95',
  amount: '$39.95',
  card_last4: '4242',
  reason: 'customer request',
  product: 'Radiance Serum',
  restart_date: '2026-12-24',
  next_bill_date: '2026-12-24',
  retries: '3',
  url: 'https://shop.example.com/portal/demo-link',
  merchant: 'Demo Shop',
  attempts: '  2026-11-20 07:00  first refund: Refund not permitted by issuer',
};
