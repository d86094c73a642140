import type { Actor } from '../audit/record';
import { customerById, type CustomerRow } from '../customers/queries';
import type { Deps } from '../deps';
import { fail, type Result } from '../lib/results';
import type { LinkRow, Purpose } from './links';
import { splitToken, verifierMatches } from './tokens';

export interface PortalAccess {
  link: LinkRow;
  customer: CustomerRow;
  /** Events done through the link: the customer, named with the link they used. */
  actor: Actor;
}

/** What each kind of link lets the customer do besides looking (a full portal link does everything). */
const ALLOWS: Record<Purpose, readonly string[]> = {
  portal: ['card', 'address', 'cancel', 'documents'],
  card: ['card'],
  cancel: ['cancel'],
  documents: ['documents'],
};
export const linkAllows = (link: LinkRow, action: string) => ALLOWS[link.purpose].includes(action);

/**
 * The link a token names, if it is one of ours, live and not revoked. The row is found by the
 * selector; the verifier's hash is compared in constant time. An unknown token and a wrong verifier
 * read the same. `opened`: a page was shown, so the first opening is recorded.
 */
export async function openLink(
  deps: Deps,
  token: unknown,
  opened: boolean,
): Promise<Result<PortalAccess, 'unknown' | 'expired' | 'revoked'>> {
  const parts = splitToken(token);
  const unknown = fail('unknown', 'This link is not valid. Check that it was copied whole, or ask us for a new one.');
  if (!parts) return unknown;
  const link = await deps.db('portal_links').where({ selector: parts.selector }).first();
  if (!link || !verifierMatches(parts.verifier, link.verifier_hash)) return unknown;
  const now = deps.clock.now();
  if (link.revoked_at) return fail('revoked', 'This link has been withdrawn. Ask us for a new one.');
  if (link.expires_at <= now) return fail('expired', 'This link has expired. Ask us for a new one.');
  const customer = await customerById(deps.db, link.customer_id);
  if (!customer) return unknown;
  if (opened && !link.opened_at)
    await deps.db('portal_links').where({ id: link.id }).whereNull('opened_at').update({ opened_at: now });
  const name = `${customer.first_name} ${customer.last_name}`.trim() || `Customer #${customer.id}`;
  return {
    ok: true,
    link,
    customer,
    actor: { kind: 'portal_link', id: link.id, name: `${name} (portal link #${link.id})` },
  };
}
