import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Request, Response } from 'express';
import { fieldErrors } from '../../http/forms';
import { isHtmx } from '../../http/htmx';
import { dayIn } from '../../lib/clock';
import { CSV_COLUMNS, exportQuery } from '../export';
import { recentCustomers } from '../recent';
import { hasAnyFilter, searchCustomers } from '../search';
import { ORDER_STATUSES, PURCHASE_STATUSES, type SearchFilters, searchFilters } from '../search-filters';
import { searchRuleFor } from '../search-rule';
import { segmentLocals } from './segments';

const EMPTY = { hits: [], nextAfter: null };

/** GET /customers: the search page, its results fragment (htmx), or a CSV export of every match. */
export async function search(req: Request, res: Response) {
  const parsed = searchFilters.safeParse(req.query);
  const rule = parsed.success ? await searchRuleFor(req.deps.db, req.user!, parsed.data) : null;
  const filters = parsed.success ? { ...parsed.data, exact: rule?.exact } : null;
  if (filters && !rule?.refusal && req.query.format === 'csv') return exportCsv(req, res, filters);
  const found = filters && !rule?.refusal ? await searchCustomers(req.deps.db, filters) : EMPTY;
  const locals = {
    ORDER_STATUSES,
    PURCHASE_STATUSES,
    title: 'Customer Service',
    filters: parsed.success ? parsed.data : req.query,
    errors: parsed.success ? {} : fieldErrors(parsed.error),
    ...found,
    searched: parsed.success ? hasAnyFilter(parsed.data) : true,
    refusal: rule?.refusal ?? null,
  };
  const status = parsed.success ? 200 : 422;
  if (isHtmx(req)) return res.status(status).render('customers/_results', locals);
  const [aside, recent] = await Promise.all([segmentLocals(req), recentCustomers(req)]);
  return res.page('customers/index', { ...locals, ...aside, recent }, status);
}

/** Streams rows from a server-side cursor through the CSV writer: memory stays flat whatever the count. */
async function exportCsv(req: Request, res: Response, filters: SearchFilters) {
  const day = dayIn(req.deps.clock.now(), req.deps.config.tz);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="customers-${day}.csv"`);
  const rows = exportQuery(req.deps.db, filters).stream({ batchSize: 1000 }) as unknown as NodeJS.ReadableStream;
  const csv = stringify({
    header: true,
    columns: [...CSV_COLUMNS],
    cast: { date: (d) => d.toISOString(), object: (o) => (Array.isArray(o) ? o.join(';') : JSON.stringify(o)) },
  });
  await pipeline(rows, csv, res);
}
