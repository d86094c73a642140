import type { Knex } from 'knex';
import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { MAX_ID } from '../http/params';
import { fail, type Result } from '../lib/results';
import { insertFile, type UploadedFile } from './files';
import { type Colleague, findMentions, fullHandle } from './mention-handles';
import { recentOrdersOf } from '../orders/queries';
import { lockCustomer } from './queries';

const optionalId = z
  .union([z.literal('').transform(() => undefined), z.coerce.number().int().positive().max(MAX_ID)])
  .optional();

/** The note dialog: the text (with @mentions), and optionally a transaction and an order of this customer. */
export const noteCommand = z.object({
  body: z.string().trim().min(1, 'Write the note first.').max(5000, 'A note has at most 5,000 characters.'),
  transaction_id: optionalId,
  order_id: optionalId,
});
export type NoteInput = z.infer<typeof noteCommand>;

/** Everyone a note can mention: the active users. */
export const colleagues = (db: Db): Promise<Colleague[]> =>
  db('users').select('id', 'name').whereNull('disabled_at').orderBy('name');

/** The last transactions and orders of a customer, offered as a note's links. */
export async function noteLinkOptions(db: Db, customerId: number) {
  const [transactions, orders] = await Promise.all([
    db('transactions')
      .select('id', 'type', 'status', 'amount_cents', 'currency', 'created_at')
      .where({ customer_id: customerId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(20),
    recentOrdersOf(db, customerId),
  ]);
  return { transactions, orders };
}

/** A linked record must be this customer's: checked inside the lock, as the note is written. */
async function checkLinks(trx: Knex.Transaction, customerId: number, input: NoteInput) {
  const own = (table: string, id: number | undefined) =>
    id ? trx(table).where({ id, customer_id: customerId }).first('id') : Promise.resolve({ id: null });
  const [t, o] = await Promise.all([own('transactions', input.transaction_id), own('orders', input.order_id)]);
  if (!t)
    return fail('unknown_link', 'Choose one of this customer’s transactions.', {
      transaction_id: 'Choose one of this customer’s transactions.',
    });
  if (!o)
    return fail('unknown_link', 'Choose one of this customer’s orders.', {
      order_id: 'Choose one of this customer’s orders.',
    });
  return null;
}

/**
 * Writes a note with its links, its attached file and its mentions in one transaction: each colleague
 * named with @ sees the note on their dashboard until they mark it read. An @ that names nobody is
 * refused (a typo would otherwise tell nobody).
 */
export async function addNote(
  db: Db,
  user: SessionUser,
  customerId: number,
  input: NoteInput,
  file?: UploadedFile,
): Promise<Result<{ entryId: number }>> {
  const team = await colleagues(db);
  const { mentioned, unknown } = findMentions(input.body, team);
  if (unknown.length) {
    const message = `No colleague is called ${unknown.map((u) => `@${u}`).join(', ')}. Write @ and their name, like @${fullHandle(team[0]?.name ?? 'ava agent')}.`;
    return fail('unknown_mention', message, { body: message });
  }
  return db.transaction(async (trx) => {
    await lockCustomer(trx, customerId);
    const refused = await checkLinks(trx, customerId, input);
    if (refused) return refused;
    const fileId = file ? await insertFile(trx, user, customerId, file, { history: false }) : null;
    const links = { file_id: fileId, transaction_id: input.transaction_id ?? null, order_id: input.order_id ?? null };
    const [entry] = await trx('history_entries')
      .insert({
        customer_id: customerId,
        kind: 'note',
        body: input.body,
        user_id: user.id,
        actor_name: user.name,
        ...links,
      })
      .returning('id');
    const others = mentioned.filter((c) => c.id !== user.id);
    if (others.length)
      await trx('note_mentions').insert(others.map((c) => ({ history_entry_id: entry.id, user_id: c.id })));
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'customer.note_added',
      customerId,
      subject: { type: 'customer', id: customerId },
      summary: others.length ? `Added a note mentioning ${others.map((c) => c.name).join(', ')}` : 'Added a note',
      after: { body: input.body, ...links, mentioned: others.map((c) => c.name) },
      history: false,
    });
    return { ok: true, entryId: entry.id as number };
  });
}
