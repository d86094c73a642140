import { HISTORY_KIND_LABELS, HISTORY_KINDS } from '../audit/history-kinds';

export type Link = { id: number; created_at: Date };

/** What the profile's history region and its note and call dialogs need besides the entries, from rows the
 * profile has read already: its newest transactions and orders are the links a note offers. */
export function timelineLocals(transactions: Link[], orders: Link[], dispositions: string[]) {
  return { noteLinks: { transactions, orders }, dispositions, HISTORY_KINDS, HISTORY_KIND_LABELS };
}
