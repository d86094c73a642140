import type { Request, Response } from 'express';
import { redirectAfter } from '../../http/htmx';
import { idParam } from '../../http/params';
import { fileUpload } from '../../http/uploads';
import { documentsOf, uploadDocument } from '../kyc';
import { documentType, KYC_LABELS, MAX_DOCUMENT_BYTES } from '../kyc-rules';
import { portalPage } from '../render';
import { accessOf, mayDo } from './pages';

/** The documents page, with a message under the document whose upload was refused. */
async function documentsPage(req: Request, res: Response, errors: Record<string, string> = {}, status = 200) {
  mayDo(res, 'documents');
  const documents = await documentsOf(req.deps.db, accessOf(res).customer.id);
  const done = req.query.done === 'uploaded';
  return portalPage(
    res,
    'portal/documents',
    { title: 'Your documents', htmx: true, documents, KYC_LABELS, errors, done },
    status,
  );
}

/** GET /portal/:token/documents */
export const show = (req: Request, res: Response) => documentsPage(req, res);

/** A file over the size limit (or a broken form) shows the page again with the reason, nothing stored. */
export const receive = fileUpload('file', MAX_DOCUMENT_BYTES, (req, res, error) =>
  documentsPage(req, res, { [`doc-${req.params.id}`]: error.message }, 422),
);

/** POST /portal/:token/documents/:id: one file, its type read from its content, for one asked-for document. */
export async function upload(req: Request, res: Response) {
  mayDo(res, 'documents');
  const id = idParam(req, 'That document');
  const type = req.file ? documentType(req.file.buffer) : null;
  const refuse = (message: string) => documentsPage(req, res, { [`doc-${id}`]: message }, 422);
  if (!req.file) return refuse('Choose a file first.');
  if (!type) return refuse('This file is not a JPEG, PNG or PDF. Take a photo or save the scan as PDF.');
  const file = { name: req.file.originalname, type, content: req.file.buffer };
  const result = await uploadDocument(req.deps, accessOf(res), id, file);
  if (!result.ok) return refuse(result.message);
  return redirectAfter(req, res, `${res.locals.base}/documents?done=uploaded`);
}
