import type { Db } from '../db/knex';
import { matchingCustomers, type SearchFilters } from './search';

/** Columns of the CSV export, in order. */
export const CSV_COLUMNS = [
  'id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'billing_address1',
  'billing_city',
  'billing_state',
  'billing_postal_code',
  'billing_country',
  'tags',
  'created_at',
] as const;

export const exportQuery = (db: Db, filters: SearchFilters) =>
  matchingCustomers(db, { ...filters, after: undefined })
    .select(CSV_COLUMNS.map((c) => `c.${c}`))
    .orderBy('c.id', 'desc');
