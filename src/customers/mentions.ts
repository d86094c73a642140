import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { NotFoundError } from '../lib/results';

export interface UnreadMention {
  id: number;
  customer_id: number;
  first_name: string;
  last_name: string;
  body: string;
  author: string;
  created_at: Date;
}

/** The notes that mention this user and that they have not marked read, newest first (at most 50). */
export const unreadMentions = (db: Db, userId: number): Promise<UnreadMention[]> =>
  db('note_mentions as m')
    .join('history_entries as h', 'h.id', 'm.history_entry_id')
    .join('customers as c', 'c.id', 'h.customer_id')
    .select('m.id', 'h.customer_id', 'c.first_name', 'c.last_name', 'h.body', 'h.actor_name as author', 'm.created_at')
    .where('m.user_id', userId)
    .whereNull('m.read_at')
    .orderBy('m.id', 'desc')
    .limit(50);

/** Marks one of the user's own mentions read (a second click finds it read and changes nothing). */
export async function markMentionRead(db: Db, user: SessionUser, id: number): Promise<void> {
  await db.transaction(async (trx) => {
    const row = await trx('note_mentions as m')
      .join('history_entries as h', 'h.id', 'm.history_entry_id')
      .select('m.id', 'm.read_at', 'h.customer_id', 'h.actor_name')
      .where({ 'm.id': id, 'm.user_id': user.id })
      .forUpdate('m')
      .first();
    if (!row) throw new NotFoundError('That mention');
    if (row.read_at) return;
    await trx('note_mentions').where({ id }).update({ read_at: trx.fn.now() });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'mention.read',
      customerId: row.customer_id,
      subject: { type: 'mention', id },
      summary: `Read ${row.actor_name}'s note mentioning them`,
      history: false,
    });
  });
}
