import type { Request } from 'express';
import { NotFoundError } from '../lib/results';

/** The largest id a PostgreSQL `integer` holds; anything above cannot name a row. */
export const MAX_ID = 2 ** 31 - 1;

/**
 * The one reading of a numeric id from a URL or form: whole digits, positive, at most 2^31-1.
 * "1.5", "1e3", "-1", "0", "constructor" and 20-digit numbers name no record, so they are not found
 * (404) rather than reaching the database as NaN, a float or an out-of-range integer.
 */
export function parseId(raw: unknown): number | null {
  if (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const n = Number(raw);
  return n <= MAX_ID ? n : null;
}

/** `req.params[name]` as an id, or a 404 naming what was looked for ("That customer was not found."). */
export function idParam(req: Request, what: string, name = 'id'): number {
  const id = parseId(req.params[name]);
  if (id === null) throw new NotFoundError(what);
  return id;
}

/** Order public ids are 6-12 letters and digits (the column's CHECK); any other shape is not found. */
export function publicIdParam(req: Request, what = 'That order', name = 'orderId'): string {
  const raw = String(req.params[name] ?? '').toUpperCase();
  if (!/^[A-Z0-9]{6,12}$/.test(raw)) throw new NotFoundError(what);
  return raw;
}
