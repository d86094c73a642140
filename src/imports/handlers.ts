import type { Request, Response } from 'express';
import { flash } from '../http/flash';
import { isHtmx, redirectAfter } from '../http/htmx';
import { idParam } from '../http/params';
import { fileUpload } from '../http/uploads';
import type { HttpError } from '../lib/results';
import { COLUMNS } from './columns';
import * as service from './service';

const MAX_MB = 20;

async function renderIndex(
  req: Request,
  res: Response,
  error: string | null = null,
  status = 200,
  report = null as unknown,
) {
  // htmx swaps the upload form with its messages; a plain post gets the whole page.
  if (status === 422 && isHtmx(req)) return res.status(422).render('imports/_upload', { error, report });
  const imports = await service.recentImports(req.deps);
  return res.page('imports/index', { title: 'Import', imports, COLUMNS, error, report, MAX_MB }, status);
}

export const index = (req: Request, res: Response) => renderIndex(req, res);

export const receiveCsv = fileUpload('file', MAX_MB * 1024 * 1024, (req, res, error: HttpError) =>
  renderIndex(req, res, error.message, 422),
);

export async function check(req: Request, res: Response) {
  if (!req.file) return renderIndex(req, res, 'Choose a CSV file first.', 422);
  const content = req.file.buffer.toString('utf8');
  const checked = await service.checkFile(req.deps, req.user!, req.file.originalname || 'upload.csv', content);
  if (!checked.ok) return renderIndex(req, res, 'Nothing in this file can be imported.', 422, checked.report);
  redirectAfter(req, res, `/admin/imports/${checked.id}`);
}

export async function show(req: Request, res: Response) {
  const file = await service.importFile(req.deps, idParam(req, 'That import'));
  return res.page('imports/show', { title: `Import ${file.filename}`, file, report: file.report });
}

export async function confirm(req: Request, res: Response) {
  const id = idParam(req, 'That import');
  const result = await service.confirmImport(req.deps, req.user!, id);
  flash(req, result.ok ? 'success' : 'info', result.ok ? 'Imported.' : result.message);
  redirectAfter(req, res, `/admin/imports/${id}`);
}
