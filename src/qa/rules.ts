import { postalCodeExample } from '../lib/countries';

/**
 * Why an order waits in the QA queue (docs/RULES.md §QA queue). Pure: the caller gathers the facts
 * (the sale, the customer, the active blocklist entries, the setting, a random number).
 */
export const HOLD_REASONS = ['external_payment', 'address', 'blocklist_near_match', 'sample'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export const HOLD_LABELS: Record<HoldReason, string> = {
  external_payment: 'Paid outside the gateway',
  address: 'Address failed validation',
  blocklist_near_match: 'Near a blocklist entry',
  sample: 'Random check',
};

type Address = Record<'address1' | 'city' | 'state' | 'postal_code' | 'country', string | null | undefined>;

/**
 * Where the parcel goes — the shipping address when any part of it is filled, else the billing one — and
 * what is wrong with it for a parcel: a missing street, city, postal code or country, a postal code not
 * of the country's shape, or a US address without its two-letter state. null when it can go out, and when
 * no address was given at all (nothing to validate: the customer's own form allows that too).
 */
export function addressProblem(customer: Record<string, string | null | undefined>): string | null {
  const pick = (p: 'shipping' | 'billing'): Address => ({
    address1: customer[`${p}_address1`],
    city: customer[`${p}_city`],
    state: customer[`${p}_state`],
    postal_code: customer[`${p}_postal_code`],
    country: customer[`${p}_country`],
  });
  const given = (a: Address) => Object.values(a).some((v) => v?.trim());
  const a = [pick('shipping'), pick('billing')].find(given);
  if (!a) return null;
  const missing = (['address1', 'city', 'postal_code', 'country'] as const).filter((k) => !a[k]?.trim());
  if (missing.length) return `no ${missing.map((k) => k.replace('address1', 'street').replace('_', ' ')).join(', ')}`;
  const country = a.country!.trim().toUpperCase();
  const example = postalCodeExample(country, a.postal_code!.trim());
  if (example) return `postal code ${a.postal_code} is not a ${country} one (like ${example})`;
  if (country === 'US' && !/^[A-Za-z]{2}$/.test(a.state?.trim() ?? '')) return 'no two-letter US state';
  return null;
}

/** An email's local part without dots and "+tags", as mail providers that ignore them read it. */
const mailbox = (email: string) => {
  const [local, domain] = email.toLowerCase().split('@');
  return { local: local.split('+')[0].replace(/\./g, ''), domain };
};

/** Two strings of the same length that differ in exactly one place. */
const oneApart = (a: string, b: string) => a.length === b.length && [...a].filter((c, i) => c !== b[i]).length === 1;

/**
 * A near match to the blocklist, for what an exact match (which declines the order) would miss: the same
 * mailbox written with dots or a "+tag" or at another domain (local parts of 4 characters or more), or a
 * phone number one digit off. Returns the blocked value it is near, or null.
 */
export function nearMatch(
  customer: { email?: string | null; phone?: string | null },
  entries: { type: string; value: string; display_value: string }[],
): string | null {
  const email = customer.email?.includes('@') ? mailbox(customer.email) : null;
  const digits = (customer.phone ?? '').replace(/\D/g, '').replace(/^1(\d{10})$/, '$1');
  for (const e of entries) {
    if (e.type === 'email' && email && e.value.includes('@')) {
      const blocked = mailbox(e.value);
      if (customer.email!.toLowerCase() !== e.value && blocked.local === email.local && email.local.length >= 4)
        return e.display_value;
    }
    if (e.type === 'phone' && digits.length >= 7 && oneApart(digits, e.value)) return e.display_value;
  }
  return null;
}

export interface Hold {
  code: HoldReason;
  /** What the agent reads beside the label: the address problem, the blocked value it is near. */
  detail: string;
}

/**
 * The reasons to hold, in a fixed order. `sampleDraw` in [0, 1) decides the random check: it is drawn from
 * the order's public ID (random itself), so the same order always gets the same answer, even booked twice.
 */
export function holdReasons(facts: {
  externalPayment: boolean;
  addressProblem: string | null;
  nearMatch: string | null;
  samplePercent: number;
  sampleDraw: number;
}): Hold[] {
  const reasons: Hold[] = [];
  if (facts.externalPayment) reasons.push({ code: 'external_payment', detail: 'recorded, never sent to a gateway' });
  if (facts.addressProblem) reasons.push({ code: 'address', detail: facts.addressProblem });
  if (facts.nearMatch) reasons.push({ code: 'blocklist_near_match', detail: `near ${facts.nearMatch}` });
  if (facts.sampleDraw * 100 < facts.samplePercent)
    reasons.push({ code: 'sample', detail: `${facts.samplePercent} % of new orders` });
  return reasons;
}

/** A number in [0, 1) from a string, the same every time (the first 32 bits of its SHA-256). */
export const drawFrom = (text: string, hash: (s: string) => Buffer) => hash(text).readUInt32BE(0) / 2 ** 32;
