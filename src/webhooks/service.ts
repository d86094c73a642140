import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { fail, NotFoundError, type Result } from '../lib/results';
import { checkWebhookUrl } from './addresses';
import { WEBHOOK_EVENTS, type WebhookEvent } from './events';
import * as q from './queries';
import { newSecret } from './signature';

export { endpointList as listEndpoints, recentDeliveries } from './queries';

const asList = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The endpoint form: an address, at least one event, and (when editing) whether it is on. */
export const endpointCommand = z.object({
  url: z.string().trim().min(1, 'Enter the address webhooks are sent to.').max(2000),
  events: z.preprocess(
    asList,
    z
      .array(z.string())
      .min(1, 'Choose at least one event.')
      .refine(
        (l) => l.every((e) => (WEBHOOK_EVENTS as readonly string[]).includes(e)),
        'Choose among the listed events.',
      )
      .transform((l) => [...new Set(l)] as WebhookEvent[]),
  ),
  enabled: z.preprocess((v) => v === '1' || v === 'on', z.boolean()),
});
export type EndpointInput = z.infer<typeof endpointCommand>;

type Ctx = Pick<Deps, 'db' | 'clock' | 'config'>;

async function checkedUrl(deps: Ctx, url: string) {
  const checked = await checkWebhookUrl(url, deps.config.webhookAllowPrivate);
  return checked.ok ? null : fail(checked.code, checked.message, { url: checked.message });
}

export async function createEndpoint(
  deps: Ctx,
  user: SessionUser,
  input: EndpointInput,
): Promise<Result<{ id: number }>> {
  const refused = await checkedUrl(deps, input.url);
  if (refused) return refused;
  return deps.db.transaction(async (trx) => {
    const [{ id }] = await trx('webhook_endpoints')
      .insert({ url: input.url, events: input.events, secret: newSecret(), created_by: user.id })
      .returning('id');
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'webhook.endpoint_created',
      subject: { type: 'webhook_endpoint', id },
      summary: `Added webhook endpoint ${input.url} for ${input.events.join(', ')}`,
    });
    return { ok: true as const, id };
  });
}

/** Edits an endpoint; switching it on again ends its failing streak so it gets a fresh day. */
export async function updateEndpoint(deps: Ctx, user: SessionUser, id: number, input: EndpointInput) {
  const refused = await checkedUrl(deps, input.url);
  if (refused) return refused;
  return deps.db.transaction(async (trx) => {
    const before = await trx('webhook_endpoints').where({ id }).forUpdate().first('url', 'events', 'enabled');
    if (!before) throw new NotFoundError('That webhook endpoint');
    const enabling = input.enabled && !before.enabled;
    await trx('webhook_endpoints')
      .where({ id })
      .update({
        ...input,
        updated_at: deps.clock.now(),
        ...(input.enabled ? { disabled_reason: null } : { disabled_reason: 'Disabled by an admin' }),
        ...(enabling ? { failing_since: null } : {}),
      });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'webhook.endpoint_updated',
      subject: { type: 'webhook_endpoint', id },
      summary: `Changed webhook endpoint ${input.url}${input.enabled ? '' : ' (disabled)'}`,
      before,
      after: input,
    });
    return { ok: true as const, id };
  });
}

/** One more attempt of a delivery, as soon as the job runs (within a minute). */
export async function redeliver(deps: Ctx, user: SessionUser, endpointId: number, deliveryId: number) {
  return deps.db.transaction(async (trx) => {
    const d = await trx('webhook_deliveries as d')
      .join('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select('d.id', 'd.status', 'd.event_type', 'e.enabled')
      .where({ 'd.id': deliveryId, 'd.endpoint_id': endpointId })
      .forUpdate('d')
      .first();
    if (!d) throw new NotFoundError('That delivery');
    if (!d.enabled) return fail('endpoint_disabled', 'This endpoint is disabled: enable it first, then redeliver.');
    if (d.status === 'pending') return fail('already_pending', 'This delivery is already waiting to be sent.');
    await trx('webhook_deliveries').where({ id: d.id }).update({ status: 'pending', next_attempt_at: null });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'webhook.redelivered',
      subject: { type: 'webhook_delivery', id: d.id },
      summary: `Queued ${d.event_type} delivery #${d.id} to be sent again`,
    });
    return { ok: true as const };
  });
}

export async function endpoint(deps: Pick<Deps, 'db'>, id: number) {
  const row = await q.endpointById(deps.db, id);
  if (!row) throw new NotFoundError('That webhook endpoint');
  return row;
}
