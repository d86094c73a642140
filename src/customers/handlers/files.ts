import type { Request, Response } from 'express';
import { idParam } from '../../http/params';
import { fileUpload } from '../../http/uploads';
import { NotFoundError } from '../../lib/results';
import { addFile as saveFile, MAX_FILE_BYTES } from '../files';
import { tabData } from '../profile';
import { fileById } from '../queries';
import { loadCustomer } from './load';

/** The files tab again, with a message when something was refused. */
async function filesTab(req: Request, res: Response, status: number, error: string | null) {
  const customer = await loadCustomer(req);
  const files = await tabData(req.deps.db, customer.id, 'files');
  return res.status(status).render('customers/tabs/_files', { customer, ...files, error });
}

/** A refused upload (too large, malformed) shows the files tab again with the reason (422), nothing stored. */
export const receiveFile = fileUpload('file', MAX_FILE_BYTES, (req, res, error) =>
  filesTab(req, res, 422, error.message),
);

export async function addFile(req: Request, res: Response) {
  if (!req.file) return filesTab(req, res, 422, 'Choose a file first.');
  const customer = await loadCustomer(req);
  await saveFile(req.deps.db, req.user!, customer.id, req.file);
  return filesTab(req, res, 201, null);
}

// Shown inline by the browser only when harmless; everything else is a plain download.
const INLINE_SAFE = new Set(['image/png', 'image/jpeg', 'image/gif', 'application/pdf', 'text/plain']);

export async function downloadFile(req: Request, res: Response) {
  const file = await fileById(req.deps.db, idParam(req, 'That file'));
  if (!file) throw new NotFoundError('That file');
  const ascii = file.filename.replace(/[^\x20-\x7e]|"/g, '_');
  res.setHeader('Content-Type', INLINE_SAFE.has(file.content_type) ? file.content_type : 'application/octet-stream');
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  );
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.send(file.content);
}
