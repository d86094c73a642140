import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { lockCustomer } from './queries';

/** A logged call: a disposition from the admin's list and an optional note. */
export const callCommand = (dispositions: string[]) =>
  z.object({
    disposition: z.string().refine((d) => dispositions.includes(d), 'Choose how the call ended.'),
    note: z.string().trim().max(2000, 'A call note has at most 2,000 characters.').default(''),
  });
export type CallInput = z.infer<ReturnType<typeof callCommand>>;

/**
 * Logs a call on the customer: one event (`customer.call_logged`, its disposition in `after`, which the
 * Customer Service report counts per agent) and its history line, in one transaction.
 */
export async function logCall(db: Db, user: SessionUser, customerId: number, input: CallInput): Promise<void> {
  await db.transaction(async (trx) => {
    await lockCustomer(trx, customerId);
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'customer.call_logged',
      customerId,
      subject: { type: 'customer', id: customerId },
      summary: `Call — ${input.disposition}${input.note ? `: ${input.note}` : ''}`,
      after: { disposition: input.disposition, note: input.note },
    });
  });
}
