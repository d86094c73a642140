import { formatMoney } from '../lib/money';
import { EMAIL_TEMPLATES } from './registry';
import { renderTemplate } from './render';

/**
 * The autoresponders: plain text, so what the customer reads is exactly what the mailbox shows.
 * Each one is its registry entry (src/email/registry.ts) filled with the values below; `values`
 * travel with it so the outbox can fill an admin's edited version instead (src/email/outbox.ts).
 */
export interface Email {
  template: string;
  subject: string;
  text: string;
  values?: Record<string, string>;
}

interface Person {
  first_name: string;
  last_name?: string;
  email?: string | null;
}

interface OrderLine {
  name: string;
  quantity: number;
  price_cents: number;
}

/** An email from its registry default; the outbox swaps in the admin's text when there is one. */
export function compose(template: string, values: Record<string, string>): Email {
  const t = EMAIL_TEMPLATES[template];
  return { template, subject: renderTemplate(t.subject, values), text: renderTemplate(t.body, values), values };
}

const person = (c: Person) => ({ first_name: c.first_name, last_name: c.last_name ?? '', email: c.email ?? '—' });

export const templates = {
  refundFailed: (r: {
    customer: { id: number; first_name: string; last_name: string; email: string | null };
    orderId: string | null;
    transactionId: number;
    amountCents: number;
    currency: string;
    attempts: { at: string; attempt: number; reason: string }[];
  }): Email =>
    compose('refund_failed', {
      ...person(r.customer),
      customer_id: String(r.customer.id),
      order_id: r.orderId ?? '—',
      transaction_id: String(r.transactionId),
      amount: formatMoney(r.amountCents, r.currency),
      retries: String(r.attempts.length - 1),
      attempts: r.attempts
        .map(
          (a) =>
            `  ${a.at.slice(0, 16).replace('T', ' ')}  ${a.attempt === 0 ? 'first refund' : `retry ${a.attempt}`}: ${a.reason}`,
        )
        .join('\n'),
    }),
  welcome: (c: Person, o: { orderId: string; currency: string; items: OrderLine[]; totalCents: number }): Email =>
    compose('welcome', {
      ...person(c),
      order_id: o.orderId,
      items: o.items.map((i) => `${i.quantity} × ${i.name}  ${formatMoney(i.price_cents, o.currency)}`).join('\n'),
      amount: formatMoney(o.totalCents, o.currency),
    }),
  cancellation: (c: Person, o: { orderId: string; reason: string }): Email =>
    compose('cancellation', { ...person(c), order_id: o.orderId, reason: o.reason.toLowerCase() }),
  refund: (c: Person, r: { amountCents: number; currency: string; orderId: string | null; last4: string | null }) =>
    compose('refund', moneyBack(c, r)),
  void: (c: Person, r: { amountCents: number; currency: string; orderId: string | null; last4: string | null }) =>
    compose('void', moneyBack(c, r)),
};

function moneyBack(
  c: Person,
  r: { amountCents: number; currency: string; orderId: string | null; last4: string | null },
) {
  return {
    ...person(c),
    amount: formatMoney(r.amountCents, r.currency),
    order_id: r.orderId ?? '—',
    card_last4: r.last4 ?? '—',
  };
}
