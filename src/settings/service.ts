import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';

export interface Settings {
  auto_cancel_on_refund: boolean;
  refund_reasons: string[];
  cancellation_reasons: string[];
  rebill_time: string;
  refund_queue_time: string;
  settlement_time: string;
}

export const getSettings = (db: Db): Promise<Settings> =>
  db('settings').select('auto_cancel_on_refund', 'refund_reasons', 'cancellation_reasons', 'rebill_time', 'refund_queue_time', 'settlement_time').first();

/** One reason a line; blank lines dropped, duplicates removed, at least one reason kept. */
const reasons = (label: string) =>
  z
    .string()
    .transform((v) => [...new Set(v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))])
    .refine((list) => list.length > 0, `Keep at least one ${label} reason.`)
    .refine((list) => list.every((r) => r.length <= 80), 'A reason has at most 80 characters.')
    .refine((list) => list.length <= 30, 'At most 30 reasons.');

export const settingsCommand = z.object({
  auto_cancel_on_refund: z.literal('1').optional().transform(Boolean),
  refund_reasons: reasons('refund'),
  cancellation_reasons: reasons('cancellation'),
});

export async function updateSettings(db: Db, user: SessionUser, input: z.infer<typeof settingsCommand>): Promise<Settings> {
  return db.transaction(async (trx) => {
    const before = await trx('settings').select('auto_cancel_on_refund', 'refund_reasons', 'cancellation_reasons').forUpdate().first();
    const changed = (Object.keys(input) as (keyof typeof input)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]));
    if (changed.length) {
      await trx('settings').update({ ...input, updated_at: trx.fn.now(), updated_by: user.id });
      await recordEvent(trx, {
        actor: actorOf(user), kind: 'settings.changed', subject: { type: 'settings', id: 1 },
        summary: `Changed settings: ${changed.map((k) => k.replace(/_/g, ' ')).join(', ')}`,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, input[k]])),
      });
    }
    return getSettings(trx as unknown as Db);
  });
}
