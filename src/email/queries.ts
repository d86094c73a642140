import type { Db } from '../db/knex';

/** The outbox, newest first: what was sent (or is waiting) and to whom. */
export const mailbox = (db: Db, limit = 100) =>
  db('email_outbox')
    .select(
      'id',
      'template',
      'to_address',
      'subject',
      'text_body',
      'status',
      'attempts',
      'last_error',
      'sent_at',
      'created_at',
      'customer_id',
    )
    .orderBy('id', 'desc')
    .limit(limit);
