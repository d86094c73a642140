import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';

/** The admin's customer-service choices: the call dispositions agents pick from, and whether search is restricted. */
export interface CustomerServiceSettings {
  call_dispositions: string[];
  restrict_customer_search: boolean;
}

export const customerServiceSettings = (db: Db): Promise<CustomerServiceSettings> =>
  db('settings').select('call_dispositions', 'restrict_customer_search').first();

export const callDispositions = async (db: Db): Promise<string[]> =>
  (await db('settings').select('call_dispositions').first()).call_dispositions;

export const customerServiceCommand = z.object({
  call_dispositions: z
    .string()
    .transform((v) => [
      ...new Set(
        v
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    ])
    .refine((list) => list.length > 0, 'Keep at least one call disposition.')
    .refine((list) => list.every((d) => d.length <= 80), 'A disposition has at most 80 characters.')
    .refine((list) => list.length <= 30, 'At most 30 dispositions.'),
  restrict_customer_search: z.literal('1').optional().transform(Boolean),
});

/** Saves both choices in one transaction, with the before → after of what changed in the event log. */
export async function updateCustomerServiceSettings(
  db: Db,
  user: SessionUser,
  input: z.infer<typeof customerServiceCommand>,
): Promise<CustomerServiceSettings> {
  return db.transaction(async (trx) => {
    const before = await trx('settings').select('call_dispositions', 'restrict_customer_search').forUpdate().first();
    const changed = (Object.keys(input) as (keyof typeof input)[]).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]),
    );
    if (changed.length) {
      await trx('settings').update({ ...input, updated_at: trx.fn.now(), updated_by: user.id });
      await recordEvent(trx, {
        actor: actorOf(user),
        kind: 'settings.changed',
        subject: { type: 'settings', id: 1 },
        summary: `Changed settings: ${changed.map((k) => k.replace(/_/g, ' ')).join(', ')}`,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, input[k]])),
      });
    }
    return { ...input };
  });
}
