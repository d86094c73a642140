import type { Knex } from 'knex';
import { customersByEmailOrPhone } from './queries';

export interface Contact {
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
}

const digits = (phone: string | null) => phone?.replace(/\D/g, '') || null;

/** The keys under which two contacts are the same person: the email, or the phone with the name. */
export function sameCustomerKeys(c: Contact): string[] {
  const d = digits(c.phone);
  const name = `${(c.first_name ?? '').toLowerCase()}|${(c.last_name ?? '').toLowerCase()}`;
  return [...(c.email ? [`e:${c.email.toLowerCase()}`] : []), ...(d ? [`p:${d}|${name}`] : [])];
}

/**
 * The dedupe rule (same email, or same phone and name): for each contact, the oldest existing
 * customer it matches, or null. One query for the whole batch.
 */
export async function matchExistingCustomers(trx: Knex, contacts: Contact[]): Promise<(number | null)[]> {
  const emails = contacts.flatMap((c) => (c.email ? [c.email.toLowerCase()] : []));
  const phones = contacts.flatMap((c) => digits(c.phone) ?? []);
  if (!emails.length && !phones.length) return contacts.map(() => null);
  const byKey = new Map<string, number>();
  for (const r of await customersByEmailOrPhone(trx, emails, phones)) {
    const keys = sameCustomerKeys({ email: r.email, phone: r.phone_digits, first_name: r.first, last_name: r.last });
    for (const k of keys) if (!byKey.has(k)) byKey.set(k, Number(r.id));
  }
  return contacts.map((c) => sameCustomerKeys(c).reduce<number | null>((m, k) => m ?? byKey.get(k) ?? null, null));
}
