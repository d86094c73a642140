import { HISTORY_KIND_LABELS, HISTORY_KINDS } from '../audit/history-kinds';
import type { Db } from '../db/knex';
import { noteLinkOptions } from './notes';

/** What the profile's history region and its note dialog need besides the entries: link choices and filters. */
export async function timelineLocals(db: Db, customerId: number) {
  return { noteLinks: await noteLinkOptions(db, customerId), HISTORY_KINDS, HISTORY_KIND_LABELS };
}
