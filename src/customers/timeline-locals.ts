import { HISTORY_KIND_LABELS, HISTORY_KINDS } from '../audit/history-kinds';
import type { Db } from '../db/knex';
import { callDispositions } from '../settings/customer-service';
import { noteLinkOptions } from './notes';

/** What the profile's history region and its note and call dialogs need besides the entries. */
export async function timelineLocals(db: Db, customerId: number) {
  const [noteLinks, dispositions] = await Promise.all([noteLinkOptions(db, customerId), callDispositions(db)]);
  return { noteLinks, dispositions, HISTORY_KINDS, HISTORY_KIND_LABELS };
}
