import type { Request, Response } from 'express';
import { fieldErrors } from '../../http/forms';
import { note } from '../commands';
import { addNote as saveNote } from '../notes';
import { loadCustomer } from './load';

/** POST /customers/:id/notes: the new entry for the top of the history; a bad note re-renders the form. */
export async function addNote(req: Request, res: Response) {
  const customer = await loadCustomer(req);
  const parsed = note.safeParse(req.body);
  if (!parsed.success) {
    res.set({ 'HX-Retarget': '#note-form', 'HX-Reswap': 'outerHTML' });
    const locals = { customer, body: req.body.body ?? '', errors: fieldErrors(parsed.error) };
    return res.status(422).render('customers/_note_form', locals);
  }
  const entry = await saveNote(req.deps.db, req.user!, customer.id, parsed.data.body);
  res.set('HX-Trigger', 'note-added');
  return res.status(201).render('customers/_history_entry', { entry });
}
