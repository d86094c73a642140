import type { Knex } from 'knex';
import { recordEvent } from '../audit/record';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import type { Claimed } from './queries';
import { DISABLE_AFTER_MS, nextAttemptAt } from './schedule';

/** What one POST of a delivery came to. */
export interface Attempt {
  statusCode: number | null;
  durationMs: number;
  excerpt: string;
  error: string | null;
}

const JOB = { kind: 'job' as const, name: 'Webhooks' };

/**
 * One attempt booked: its log line, the delivery delivered / retried later / failed after three days,
 * and the endpoint's failing streak — ended by a success, or, a day long, the endpoint disabled
 * and the notify addresses told (once: the endpoint row is locked and checked).
 */
export async function recordOutcome(deps: Pick<Deps, 'db' | 'clock'>, row: Claimed, a: Attempt): Promise<void> {
  const now = deps.clock.now();
  const ok = a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300;
  await deps.db.transaction(async (trx) => {
    await trx('webhook_attempts').insert({
      delivery_id: row.id,
      attempted_at: now,
      status_code: a.statusCode,
      duration_ms: a.durationMs,
      response_excerpt: a.excerpt,
      error: a.error,
    });
    const attempts = row.attempts + 1;
    const next = ok ? null : nextAttemptAt(row.created_at, now, attempts);
    await trx('webhook_deliveries')
      .where({ id: row.id })
      .update({
        attempts,
        status: ok ? 'delivered' : next ? 'pending' : 'failed',
        next_attempt_at: next,
        delivered_at: ok ? now : null,
      });
    const endpoint = await trx('webhook_endpoints').where({ id: row.endpoint_id }).forUpdate().first();
    if (ok) return trx('webhook_endpoints').where({ id: endpoint.id }).update({ failing_since: null });
    const since: Date = endpoint.failing_since ?? now;
    if (!endpoint.failing_since)
      await trx('webhook_endpoints').where({ id: endpoint.id }).update({ failing_since: now });
    if (endpoint.enabled && now.getTime() - since.getTime() >= DISABLE_AFTER_MS) await disable(trx, now, endpoint, a);
  });
}

async function disable(trx: Knex.Transaction, now: Date, endpoint: { id: number; url: string }, a: Attempt) {
  const reason = `Every delivery failed for a day (last: ${a.statusCode ?? a.error})`;
  await trx('webhook_endpoints')
    .where({ id: endpoint.id })
    .update({ enabled: false, disabled_reason: reason, updated_at: now });
  const recipients: string[] = await trx('notify_emails').orderBy('id').pluck('email');
  const email = {
    template: 'webhook_disabled',
    subject: `Webhook endpoint disabled: ${endpoint.url}`,
    text: [
      `Continuity Desk stopped sending webhooks to ${endpoint.url}.`,
      '',
      `${reason}.`,
      'Deliveries are kept. When the receiver works again, enable the endpoint in Admin → Webhooks;',
      'pending deliveries then resume, and failed ones can be redelivered from the same page.',
    ].join('\n'),
  };
  for (const to of recipients) await enqueueEmail(trx, now, to, email, null);
  await recordEvent(trx, {
    actor: JOB,
    kind: 'webhook.endpoint_disabled',
    subject: { type: 'webhook_endpoint', id: endpoint.id },
    summary: `Disabled webhook endpoint ${endpoint.url}: ${reason}; ${recipients.length} notify address(es) emailed`,
  });
}
