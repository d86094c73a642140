import type { Request, Response } from 'express';
import { idParam } from '../http/params';
import { z } from 'zod';
import { fieldErrors } from '../http/forms';
import { flash } from '../http/flash';
import { redirectAfter } from '../http/htmx';
import { fileUpload } from '../http/uploads';
import { dayIn } from '../lib/clock';
import { ENTRY_TYPES, TYPE_LABELS } from './normalize';
import * as customers from './customers';
import { importEntries } from './imports';
import * as service from './service';

const today = (req: Request) => dayIn(req.deps.clock.now(), req.deps.config.tz);

async function render(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const search = typeof req.query.q === 'string' ? req.query.q.trim() : '';
  return res.page(
    'blocklist/index',
    {
      title: 'Blocklist',
      entries: await service.listEntries(req.deps.db, search || undefined),
      search,
      ENTRY_TYPES,
      TYPE_LABELS,
      errors: {},
      values: {},
      report: null,
      ...extra,
    },
    status,
  );
}

export const index = (req: Request, res: Response) => render(req, res);

export async function add(req: Request, res: Response) {
  const parsed = service.entryCommand(today(req)).safeParse(req.body);
  if (!parsed.success) return render(req, res, { errors: fieldErrors(parsed.error), values: req.body }, 422);
  const result = await service.addEntry(req.deps.db, req.user!, parsed.data);
  if (!result.ok) return render(req, res, { errors: result.fields ?? {}, values: req.body }, 422);
  flash(req, 'success', `Blocked ${TYPE_LABELS[parsed.data.type].toLowerCase()} ${parsed.data.value}.`);
  redirectAfter(req, res, '/admin/blocklist');
}

export async function lift(req: Request, res: Response) {
  const result = await service.liftEntry(req.deps.db, req.user!, idParam(req, 'That block'), req.deps.clock.now());
  flash(req, result.ok ? 'success' : 'info', result.ok ? 'The block was lifted.' : result.message);
  redirectAfter(req, res, '/admin/blocklist');
}

export const receiveCsv = fileUpload('file', 2 * 1024 * 1024);

export async function importCsv(req: Request, res: Response) {
  if (!req.file)
    return render(
      req,
      res,
      { report: { imported: 0, refused: [{ line: 0, text: '', why: 'Choose a CSV file first.' }] } },
      422,
    );
  const report = await importEntries(req.deps.db, req.user!, req.file.buffer.toString('utf8'), today(req));
  return render(req, res, { report }, report.refused.length && !report.imported ? 422 : 200);
}

const reason = z.object({ reason: z.string().trim().min(1, 'Say why this customer is blacklisted.').max(300) });

export async function blacklistCustomer(req: Request, res: Response) {
  const parsed = reason.safeParse(req.body);
  const id = idParam(req, 'That customer');
  if (!parsed.success) {
    flash(req, 'error', parsed.error.issues[0].message);
    return redirectAfter(req, res, `/customers/${id}`);
  }
  const result = await customers.blacklistCustomer(req.deps.db, req.user!, id, parsed.data.reason);
  if (result.ok)
    flash(
      req,
      'success',
      `Blacklisted: ${result.added} entries (email, phone, addresses, cards) now block new charges.`,
    );
  else flash(req, 'info', result.message);
  redirectAfter(req, res, `/customers/${id}`);
}

export async function liftCustomer(req: Request, res: Response) {
  const id = idParam(req, 'That customer');
  const result = await customers.liftCustomer(req.deps.db, req.user!, id, req.deps.clock.now());
  flash(
    req,
    result.ok ? 'success' : 'info',
    result.ok ? `The blacklisting was lifted (${result.lifted} entries).` : result.message,
  );
  redirectAfter(req, res, `/customers/${id}`);
}
