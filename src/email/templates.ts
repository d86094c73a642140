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

export const templates = {
  refund: (c: Person, r: { amountCents: number; currency: string; orderId: string | null; last4: string | null }): Email => ({
    template: 'refund',
    subject: `Your refund of ${formatMoney(r.amountCents, r.currency)}`,
    text: `Hi ${c.first_name},\n\nWe have refunded ${formatMoney(r.amountCents, r.currency)}${r.orderId ? ` for order ${r.orderId}` : ''}${r.last4 ? ` to your card ending in ${r.last4}` : ''}. Depending on your bank it can take 5–10 business days to appear.${signOff}`,
  }),
  void: (c: Person, r: { amountCents: number; currency: string; orderId: string | null; last4: string | null }): Email => ({
    template: 'void',
    subject: `Your charge of ${formatMoney(r.amountCents, r.currency)} was cancelled`,
    text: `Hi ${c.first_name},\n\nThe charge of ${formatMoney(r.amountCents, r.currency)}${r.orderId ? ` for order ${r.orderId}` : ''}${r.last4 ? ` on your card ending in ${r.last4}` : ''} has been cancelled before it settled, so it will not be taken from your account.${signOff}`,
  }),
};
