import type { Db } from '../db/knex';

/**
 * The search filter on a custom field, as a correlated EXISTS probing customer_custom_fields by
 * (customer, name) — its unique index — for each customer the search walks; the value is compared
 * without case, as the (name, lower(value)) index stores it.
 */
export function customFieldMatch(db: Db, name: string, value?: string) {
  const q = db('customer_custom_fields as cf')
    .select(db.raw('1'))
    .whereRaw('cf.customer_id = c.id')
    .where('cf.name', name);
  return value ? q.whereRaw('lower(cf.value) = lower(?)', [value]) : q.whereNot('cf.value', '');
}
