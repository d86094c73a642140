import type { Request, Response } from 'express';
import { historyEntry } from '../../audit/queries';
import { fieldErrors } from '../../http/forms';
import { fileUpload } from '../../http/uploads';
import { MAX_FILE_BYTES } from '../files';
import { addNote as saveNote, noteCommand, noteLinkOptions } from '../notes';
import { loadCustomer } from './load';

/** The note form again in the dialog, with what was typed and the messages (422); nothing was written. */
async function noteForm(req: Request, res: Response, errors: Record<string, string>) {
  const customer = await loadCustomer(req);
  const noteLinks = await noteLinkOptions(req.deps.db, customer.id);
  res.set({ 'HX-Retarget': '#note-form', 'HX-Reswap': 'outerHTML' });
  return res.status(422).render('customers/_note_form', { customer, noteLinks, values: req.body ?? {}, errors });
}

/** The note's optional attachment: too large or malformed shows the form again with the reason. */
export const receiveNoteFile = fileUpload('file', MAX_FILE_BYTES, (req, res, error) =>
  noteForm(req, res, { file: error.message }),
);

/** POST /customers/:id/notes: the new entry for the top of the history; a bad note re-renders the form. */
export async function addNote(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const parsed = noteCommand.safeParse(req.body);
  if (!parsed.success) return noteForm(req, res, fieldErrors(parsed.error));
  const result = await saveNote(req.deps.db, req.user!, customer.id, parsed.data, req.file);
  if (!result.ok) return noteForm(req, res, result.fields ?? { body: result.message });
  res.set('HX-Trigger', 'note-added');
  return res.status(201).render('customers/_history_entry', { entry: await historyEntry(req.deps.db, result.entryId) });
}
