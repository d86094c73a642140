import { can } from '../auth/permissions';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { interpretQuery, type SearchFilters } from './search';

/**
 * "Restrict customer search" (Admin → Settings): for a merchant who does not want agents browsing, a user
 * without `customers:browse` must fill at least two identifying filters, and names and emails must match
 * exactly. Dates, statuses, tags and segments narrow a search but identify nobody, so they do not count.
 */
export const IDENTIFYING = ['name', 'email', 'phone', 'order', 'last4'] as const;
export const MIN_IDENTIFYING = 2;

export interface SearchRule {
  exact: boolean;
  /** Why this search is not run (too few identifying filters), or null. */
  refusal: string | null;
}

export function identifyingCount(f: SearchFilters): number {
  const all = { ...f, ...(f.q ? interpretQuery(f.q) : {}) };
  return IDENTIFYING.filter((k) => all[k] !== undefined).length;
}

export const restrictsSearch = async (db: Db): Promise<boolean> =>
  Boolean((await db('settings').select('restrict_customer_search').first())?.restrict_customer_search);

/** The rule for this user and these filters: nothing to read for those who may browse anyway. */
export async function searchRuleFor(db: Db, user: SessionUser, f: SearchFilters): Promise<SearchRule> {
  if (can(user.role, 'customers:browse') || !(await restrictsSearch(db))) return { exact: false, refusal: null };
  const refusal =
    identifyingCount(f) >= MIN_IDENTIFYING
      ? null
      : 'Customer search is restricted: fill at least two of name, email, phone, order ID and card last 4, exactly as on record.';
  return { exact: true, refusal };
}
