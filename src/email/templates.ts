import { formatMoney } from '../lib/money';

/** The autoresponders: plain text, so what the customer reads is exactly what the mailbox shows. */
export interface Email {
  template: string;
  subject: string;
  text: string;
}

interface Person {
  first_name: string;
}

const signOff = '\n\nThank you,\nCustomer Care';

interface OrderLine {
  name: string;
  quantity: number;
  price_cents: number;
}

export const templates = {
  refundFailed: (r: {
    customer: { id: number; first_name: string; last_name: string; email: string | null };
    orderId: string | null;
    transactionId: number;
    amountCents: number;
    currency: string;
    attempts: { at: string; attempt: number; reason: string }[];
  }): Email => ({
    template: 'refund_failed',
    subject:
      `Refund failed after ${r.attempts.length - 1} retries: ${formatMoney(r.amountCents, r.currency)} for ${r.customer.first_name} ${r.customer.last_name}`.trim(),
    text: [
      'A refund could not be made and has left the refund queue. Please handle it by hand.',
      '',
      `Customer:    ${r.customer.first_name} ${r.customer.last_name} (#${r.customer.id}${r.customer.email ? `, ${r.customer.email}` : ''})`,
      `Order:       ${r.orderId ?? '—'}`,
      `Transaction: #${r.transactionId}`,
      `Amount:      ${formatMoney(r.amountCents, r.currency)}`,
      '',
      'Attempts:',
      ...r.attempts.map(
        (a) =>
          `  ${a.at.slice(0, 16).replace('T', ' ')}  ${a.attempt === 0 ? 'first refund' : `retry ${a.attempt}`}: ${a.reason}`,
      ),
    ].join('\n'),
  }),
  welcome: (c: Person, o: { orderId: string; currency: string; items: OrderLine[]; totalCents: number }): Email => ({
    template: 'welcome',
    subject: `Your order ${o.orderId} is confirmed`,
    text: `Hi ${c.first_name},\n\nThank you for your order ${o.orderId}.\n\n${o.items.map((i) => `${i.quantity} × ${i.name}  ${formatMoney(i.price_cents, o.currency)}`).join('\n')}\nTotal: ${formatMoney(o.totalCents, o.currency)}\n\nWe will email you when it ships.${signOff}`,
  }),
  cancellation: (c: Person, o: { orderId: string; reason: string }): Email => ({
    template: 'cancellation',
    subject: `Your order ${o.orderId} was cancelled`,
    text: `Hi ${c.first_name},\n\nYour order ${o.orderId} has been cancelled (${o.reason.toLowerCase()}). Any subscription on it has been stopped and nothing more will be charged for it.${signOff}`,
  }),
  refund: (
    c: Person,
    r: { amountCents: number; currency: string; orderId: string | null; last4: string | null },
  ): Email => ({
    template: 'refund',
    subject: `Your refund of ${formatMoney(r.amountCents, r.currency)}`,
    text: `Hi ${c.first_name},\n\nWe have refunded ${formatMoney(r.amountCents, r.currency)}${r.orderId ? ` for order ${r.orderId}` : ''}${r.last4 ? ` to your card ending in ${r.last4}` : ''}. Depending on your bank it can take 5–10 business days to appear.${signOff}`,
  }),
  void: (
    c: Person,
    r: { amountCents: number; currency: string; orderId: string | null; last4: string | null },
  ): Email => ({
    template: 'void',
    subject: `Your charge of ${formatMoney(r.amountCents, r.currency)} was cancelled`,
    text: `Hi ${c.first_name},\n\nThe charge of ${formatMoney(r.amountCents, r.currency)}${r.orderId ? ` for order ${r.orderId}` : ''}${r.last4 ? ` on your card ending in ${r.last4}` : ''} has been cancelled before it settled, so it will not be taken from your account.${signOff}`,
  }),
};
