import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { fail, NotFoundError, type Result } from '../lib/results';
import type { EntryType } from './normalize';

import { active, insertEntry } from './service';

/** Blacklist a customer in one step: email, phone, both addresses and every card fingerprint. */
export async function blacklistCustomer(
  db: Db,
  user: SessionUser,
  customerId: number,
  reason: string,
): Promise<Result<{ added: number }, 'already_blocked'>> {
  return db.transaction(async (trx) => {
    const c = await trx('customers').where({ id: customerId }).forUpdate().first();
    if (!c) throw new NotFoundError('That customer');
    const cards: string[] = await trx('payment_instruments').where({ customer_id: customerId }).pluck('fingerprint');
    const facts: [EntryType, string | null][] = [
      ['email', c.email],
      ['phone', c.phone],
      ['address', c.billing_address1],
      ['address', c.shipping_address1],
      ...cards.map((f): [EntryType, string] => ['card_fingerprint', f]),
    ];
    let added = 0;
    let existing = 0;
    for (const [type, value] of facts) {
      const entry = value
        ? await insertEntry(trx as unknown as Db, user, type, value, reason, undefined, customerId)
        : null;
      if (entry?.created) added++;
      else if (entry) existing++;
    }
    if (!added)
      return fail(
        'already_blocked',
        existing
          ? 'Already blocked: every detail of this customer is on the blocklist. Nothing was added.'
          : 'This customer has no email, phone, address or card to block.',
      );
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'customer.blacklisted',
      customerId,
      subject: { type: 'customer', id: customerId },
      summary: `Blacklisted — ${reason} (${added} entries: email, phone, addresses, cards)`,
    });
    return { ok: true, added };
  });
}

export async function liftCustomer(
  db: Db,
  user: SessionUser,
  customerId: number,
  now: Date,
): Promise<Result<{ lifted: number }, 'not_blacklisted'>> {
  return db.transaction(async (trx) => {
    if (!(await trx('customers').where({ id: customerId }).forUpdate().first('id')))
      throw new NotFoundError('That customer');
    const lifted = await trx('blocklist_entries')
      .where({ customer_id: customerId })
      .whereNull('lifted_at')
      .update({ lifted_at: now, lifted_by: user.id });
    if (!lifted) return fail('not_blacklisted', 'This customer is not blacklisted; nothing was lifted.');
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'customer.unblacklisted',
      customerId,
      subject: { type: 'customer', id: customerId },
      summary: `Lifted the blacklisting (${lifted} entries)`,
    });
    return { ok: true, lifted };
  });
}

export const customerBlacklisting = (db: Db, customerId: number, now: Date) =>
  active(db, now).where({ customer_id: customerId }).select('reason', 'created_at').orderBy('id').first();
