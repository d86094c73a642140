import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { lockCustomer } from './queries';

export async function addNote(db: Db, user: SessionUser, customerId: number, body: string) {
  return db.transaction(async (trx) => {
    await lockCustomer(trx, customerId);
    const [entry] = await trx('history_entries')
      .insert({ customer_id: customerId, kind: 'note', body, user_id: user.id, actor_name: user.name })
      .returning(['id', 'kind', 'body', 'actor_name', 'created_at']);
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'customer.note_added',
      customerId,
      subject: { type: 'customer', id: customerId },
      summary: 'Added a note',
      after: { body },
      history: false,
    });
    return entry;
  });
}
