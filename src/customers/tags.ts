import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { lockCustomer } from './queries';

/** Adds or removes one tag (idempotent: adding a tag it has, or removing one it lacks, changes nothing). */
export async function changeTag(
  db: Db,
  user: SessionUser,
  customerId: number,
  tag: string,
  change: 'add' | 'remove',
): Promise<string[]> {
  return db.transaction(async (trx) => {
    const c = await lockCustomer(trx, customerId);
    if (c.tags.includes(tag) === (change === 'add')) return c.tags;
    const tags = change === 'add' ? [...c.tags, tag] : c.tags.filter((t) => t !== tag);
    await trx('customers').where({ id: customerId }).update({ tags, updated_at: trx.fn.now() });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: change === 'add' ? 'customer.tagged' : 'customer.untagged',
      customerId,
      subject: { type: 'customer', id: customerId },
      summary: change === 'add' ? `Tagged “${tag}”` : `Removed tag “${tag}”`,
      before: { tags: c.tags },
      after: { tags },
    });
    return tags;
  });
}
