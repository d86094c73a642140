import type { Knex } from 'knex';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { lockCustomer } from './queries';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type UploadedFile = { originalname: string; mimetype: string; size: number; buffer: Buffer };

/** Stores a file inside the caller's transaction (the customer locked); `history: false` when a note shows it. */
export async function insertFile(
  trx: Knex.Transaction,
  user: SessionUser,
  customerId: number,
  file: UploadedFile,
  options: { history?: boolean } = {},
): Promise<number> {
  const filename = file.originalname.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'file';
  const [row] = await trx('files')
    .insert({
      customer_id: customerId,
      filename,
      content_type: file.mimetype || 'application/octet-stream',
      size_bytes: file.size,
      content: file.buffer,
      user_id: user.id,
    })
    .returning('id');
  await recordEvent(trx, {
    actor: actorOf(user),
    kind: 'customer.file_added',
    customerId,
    subject: { type: 'file', id: row.id },
    summary: `Attached the file “${filename}”`,
    history: options.history,
  });
  return row.id as number;
}

export async function addFile(db: Db, user: SessionUser, customerId: number, file: UploadedFile) {
  return db.transaction(async (trx) => {
    await lockCustomer(trx, customerId);
    return insertFile(trx, user, customerId, file);
  });
}
