import type { Knex } from 'knex';
import type { ImportLine } from './columns';
import { matchExistingCustomers, sameCustomerKeys } from '../customers/dedupe';
import { allocateIds, remember } from './queries';
import type { ImportReport, Numbered } from './report';

type CustomerLine = Extract<ImportLine, { record: 'customer' }>;

/**
 * New customers of a batch. A line that is the same person as an existing customer, or as an
 * earlier line of the batch, is mapped to that customer instead of creating another.
 */
export async function importCustomers(
  trx: Knex,
  now: Date,
  rows: Numbered<CustomerLine>[],
  report: ImportReport,
): Promise<void> {
  const existing = await matchExistingCustomers(
    trx,
    rows.map((r) => r.line),
  );
  const ids = await allocateIds(trx, 'customers', rows.length);
  const inBatch = new Map<string, number>();
  const fresh: Knex.DbRecord<Record<string, unknown>>[] = [];
  const pairs: [string, number][] = [];
  rows.forEach(({ line: c }, i) => {
    const keys = sameCustomerKeys(c);
    const same = existing[i] ?? keys.map((k) => inBatch.get(k)).find((id) => id !== undefined);
    if (same) {
      report.matched++;
      pairs.push([c.source_id, same]);
      return;
    }
    for (const k of keys) inBatch.set(k, ids[i]);
    pairs.push([c.source_id, ids[i]]);
    fresh.push({
      id: ids[i],
      first_name: c.first_name ?? '',
      last_name: c.last_name ?? '',
      email: c.email,
      phone: c.phone,
      ...address('billing', c),
      ...address('shipping', c),
      created_at: c.date ?? now,
      updated_at: now,
    });
  });
  if (fresh.length) await trx('customers').insert(fresh);
  report.created.customer += fresh.length;
  await remember(trx, 'customer', pairs);
}

const address = (p: 'billing' | 'shipping', c: CustomerLine) => ({
  [`${p}_address1`]: c.address1,
  [`${p}_address2`]: c.address2,
  [`${p}_city`]: c.city,
  [`${p}_state`]: c.state,
  [`${p}_postal_code`]: c.postal_code,
  [`${p}_country`]: c.country,
});
