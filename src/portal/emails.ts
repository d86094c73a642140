import { compose, type Email } from '../email/templates';
import { formatMoney } from '../lib/money';

/**
 * The portal's emails, plain text like the other autoresponders (src/email/templates.ts). Every one
 * signs with the merchant's name, since the customer knows the shop and not this back office.
 */
interface Person {
  first_name: string;
}
interface Shop {
  merchant: string;
  when: (d: Date) => string;
}

const WHAT: Record<string, string> = {
  portal: 'see your subscriptions and charges, update your card or address, or cancel',
  card: 'update the card your subscription is billed to',
  cancel: 'cancel your subscription',
  documents: 'upload the documents we asked for',
};
const hi = (c: Person) => `Hi ${c.first_name || 'there'},`;
const signOff = (s: Shop) => `\n\nThank you,\n${s.merchant}`;

export const portalEmails = {
  link: (c: Person, l: Shop & { url: string; purpose: string; expiresAt: Date }): Email => ({
    template: 'portal_link',
    subject: `${l.merchant}: your link to ${l.purpose === 'cancel' ? 'cancel' : 'manage'} your subscription`,
    text: `${hi(c)}\n\nUse this link to ${WHAT[l.purpose]}:\n\n${l.url}\n\nIt works until ${l.when(l.expiresAt)} and only for you; do not forward it. If you did not ask for it, you can ignore this email.${signOff(l)}`,
  }),
  cancelled: (
    c: Person,
    p: Shop & { purchaseId: number; product: string; endsNow: boolean; reason: string | null },
  ): Email => ({
    template: 'portal_cancellation',
    subject: `${p.merchant}: your subscription is cancelled`,
    text: `${hi(c)}\n\nAs you asked, your subscription #${p.purchaseId} (${p.product}) is cancelled${p.endsNow ? ' and nothing more will be charged for it' : ''}.${p.reason ? `\nYour reason: ${p.reason}` : ''}\n\nIf this was not you, reply to this email.${signOff(p)}`,
  }),
  cancelLink: (c: Person, l: Shop & { url: string; expiresAt: Date }): Email => ({
    template: 'portal_cancel_link',
    subject: `${l.merchant}: your cancellation link`,
    text: `${hi(c)}\n\nYou asked to cancel a subscription. Open this link to choose which one and cancel it:\n\n${l.url}\n\nIt works until ${l.when(l.expiresAt)}. If you did not ask for it, ignore this email: nothing changes.${signOff(l)}`,
  }),
  // Editable by an admin (src/email/registry.ts, rebill_reminder): built from its values.
  reminder: (
    c: Person,
    r: Shop & { product: string; billDate: string; amountCents: number; currency: string; url: string },
  ): Email =>
    compose('rebill_reminder', {
      first_name: c.first_name || 'there',
      last_name: '',
      email: '',
      product: r.product,
      next_bill_date: r.billDate,
      amount: formatMoney(r.amountCents, r.currency),
      url: r.url,
      merchant: r.merchant,
    }),
};
