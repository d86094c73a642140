import { recordEvent } from '../audit/record';
import { BLOCKS } from '../customers/commands';
import { lockCustomer } from '../customers/queries';
import type { Deps } from '../deps';
import type { PortalAccess } from './access';

export const ADDRESS_FIELDS = ['address1', 'address2', 'city', 'state', 'postal_code', 'country'] as const;

/** The portal's address form: the profile's own billing and shipping rules, so both accept the same. */
export function parseAddresses(
  body: Record<string, unknown>,
): { ok: true; values: Record<string, string | null> } | { ok: false; errors: Record<string, string> } {
  const billing = BLOCKS.billing.safeParse(body);
  const shipping = BLOCKS.shipping.safeParse(body);
  if (billing.success && shipping.success) return { ok: true, values: { ...billing.data, ...shipping.data } };
  const errors: Record<string, string> = {};
  for (const issue of [...(billing.error?.issues ?? []), ...(shipping.error?.issues ?? [])])
    errors[issue.path.join('.')] ??= issue.message;
  return { ok: false, errors };
}

/** Saves what changed, with one event naming the customer (through their link) and before → after. */
export async function updateAddresses(
  deps: Deps,
  access: PortalAccess,
  values: Record<string, string | null>,
): Promise<{ changed: number }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const before = (await lockCustomer(trx, access.customer.id)) as unknown as Record<string, unknown>;
    const changed = Object.keys(values).filter((k) => String(values[k] ?? '') !== String(before[k] ?? ''));
    if (!changed.length) return { changed: 0 };
    await trx('customers')
      .where({ id: access.customer.id })
      .update({ ...Object.fromEntries(changed.map((k) => [k, values[k]])), updated_at: now });
    const shown = (v: unknown) => (v === null || v === undefined || v === '' ? '(empty)' : String(v));
    await recordEvent(trx, {
      actor: access.actor,
      kind: 'portal.address_updated',
      customerId: access.customer.id,
      subject: { type: 'customer', id: access.customer.id },
      summary: `The customer changed their address on their portal: ${changed.map((k) => `${k.replace(/_/g, ' ')} ${shown(before[k])} → ${shown(values[k])}`).join('; ')}`,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, values[k]])),
    });
    await trx('portal_links').where({ id: access.link.id }).update({ used_at: now });
    return { changed: changed.length };
  });
}
