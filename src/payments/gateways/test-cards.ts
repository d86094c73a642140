import crypto from 'node:crypto';

/**
 * The built-in test gateway behaves by card number, like a real gateway's sandbox. The same list is
 * shown to admins on /admin/test-cards and used by the demo data.
 */
export type CardBehaviour =
  | { kind: 'approve' }
  | { kind: 'decline'; reason: string; hard: boolean }
  | { kind: 'void_refused' }
  | { kind: 'refund_declines'; times: number }
  | { kind: 'refund_always_declined' }
  | { kind: 'timeout' };

export interface TestCard {
  number: string;
  brand: string;
  behaviour: CardBehaviour;
  description: string;
}

export const TEST_CARDS: readonly TestCard[] = [
  { number: '4111111111111111', brand: 'Visa', behaviour: { kind: 'approve' }, description: 'Approves everything.' },
  {
    number: '5555555555554444',
    brand: 'Mastercard',
    behaviour: { kind: 'approve' },
    description: 'Approves everything.',
  },
  {
    number: '4000000000000002',
    brand: 'Visa',
    behaviour: { kind: 'decline', reason: 'Insufficient funds', hard: false },
    description: 'Charges are declined: insufficient funds (soft decline, may be retried).',
  },
  {
    number: '4000000000000069',
    brand: 'Visa',
    behaviour: { kind: 'decline', reason: 'Stolen card — do not honor', hard: true },
    description: 'Charges are declined: stolen card (hard decline, never retried).',
  },
  {
    number: '4000000000000101',
    brand: 'Visa',
    behaviour: { kind: 'void_refused' },
    description: 'Charges approve; voids are refused by the gateway.',
  },
  {
    number: '4000000000000119',
    brand: 'Visa',
    behaviour: { kind: 'refund_declines', times: 1 },
    description: 'Refunds are declined once, then approved.',
  },
  {
    number: '4000000000000127',
    brand: 'Visa',
    behaviour: { kind: 'refund_declines', times: 2 },
    description: 'Refunds are declined twice, then approved.',
  },
  {
    number: '4000000000000135',
    brand: 'Visa',
    behaviour: { kind: 'refund_declines', times: 3 },
    description: 'Refunds are declined three times, then approved.',
  },
  {
    number: '4000000000000143',
    brand: 'Visa',
    behaviour: { kind: 'refund_always_declined' },
    description: 'Refunds are always declined: "Refund not permitted by issuer".',
  },
  {
    number: '4000000000000150',
    brand: 'Visa',
    behaviour: { kind: 'timeout' },
    description: 'Every operation times out: the result is unknown (errored) until reconciled.',
  },
];

export const tokenForCard = (number: string) => `test_${number}`;

/** What a stored card row holds: never the full number. */
export function instrumentFor(number: string, exp = { month: 12, year: 2030 }) {
  const card = TEST_CARDS.find((c) => c.number === number);
  return {
    brand: card?.brand ?? (number.startsWith('5') ? 'Mastercard' : 'Visa'),
    last4: number.slice(-4),
    bin: number.slice(0, 6),
    exp_month: exp.month,
    exp_year: exp.year,
    fingerprint: crypto.createHash('sha256').update(`card:${number}`).digest('hex').slice(0, 24),
    gateway_token: tokenForCard(number),
  };
}
