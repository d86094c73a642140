import type { Knex } from 'knex';
import { actorOf, recordEvent, userIdOf } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import { lockCustomer } from '../customers/queries';
import { NotFoundError } from '../lib/results';
import { formatWhen } from '../lib/time';
import { portalEmails } from './emails';
import { newToken } from './tokens';

export const PURPOSES = ['portal', 'card', 'cancel', 'documents'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const PURPOSE_LABELS: Record<Purpose, string> = {
  portal: 'Full portal',
  card: 'Update card',
  cancel: 'Cancel a subscription',
  documents: 'Upload documents',
};
export const DEFAULT_DAYS = 7;
export const MAX_DAYS = 30;

export interface LinkRow {
  id: number;
  customer_id: number;
  purpose: Purpose;
  source: string;
  expires_at: Date;
  created_at: Date;
  sent_at: Date | null;
  opened_at: Date | null;
  used_at: Date | null;
  revoked_at: Date | null;
}

/** What the profile shows for a link: the furthest it got, unless it was revoked or ran out first. */
export function linkState(l: LinkRow, now: Date): 'revoked' | 'expired' | 'used' | 'opened' | 'sent' | 'created' {
  if (l.revoked_at) return 'revoked';
  if (l.expires_at <= now) return 'expired';
  if (l.used_at) return 'used';
  if (l.opened_at) return 'opened';
  return l.sent_at ? 'sent' : 'created';
}

export const portalUrl = (deps: Deps, token: string) => `${deps.config.portal.publicUrl}/portal/${token}`;
/** How the portal's emails sign and write times. */
export const shopOf = (deps: Deps) => ({
  merchant: deps.config.portal.merchantName,
  when: (d: Date) => formatWhen(d, deps.config.tz),
});

/** A new link row; the token exists only in the return value (and in the email, when one is sent). */
export async function insertLink(
  trx: Knex.Transaction,
  l: { customerId: number; purpose: Purpose; days: number; source: string; now: Date; createdBy: number | null },
): Promise<{ id: number; token: string; expiresAt: Date }> {
  const { token, selector, verifierHash } = newToken();
  const expiresAt = new Date(l.now.getTime() + l.days * 86_400_000);
  const [row] = await trx('portal_links')
    .insert({
      customer_id: l.customerId,
      purpose: l.purpose,
      source: l.source,
      selector,
      verifier_hash: verifierHash,
      expires_at: expiresAt,
      created_by: l.createdBy,
      created_at: l.now,
      sent_at: null,
    })
    .returning('id');
  return { id: row.id, token, expiresAt };
}

/**
 * An agent makes a link for a customer. Emailed: the portal email goes to the outbox in the same
 * transaction and the link counts as sent. Not emailed: the agent is shown the address once to paste
 * into a chat; it cannot be shown again, since only its hash is kept.
 */
export async function createLink(
  deps: Deps,
  user: SessionUser,
  customerId: number,
  input: { purpose: Purpose; days: number; email: boolean },
): Promise<{ url: string; emailedTo: string | null }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const customer = await lockCustomer(trx, customerId);
    const link = await insertLink(trx, { ...input, customerId, source: 'agent', now, createdBy: userIdOf(user) });
    const url = portalUrl(deps, link.token);
    const to = input.email ? customer.email : null;
    const mail = portalEmails.link(customer, {
      ...shopOf(deps),
      url,
      purpose: input.purpose,
      expiresAt: link.expiresAt,
    });
    if (to && (await enqueueEmail(trx, now, to, mail, customerId)))
      await trx('portal_links').where({ id: link.id }).update({ sent_at: now });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'portal_link.created',
      customerId,
      subject: { type: 'portal_link', id: link.id },
      summary: `Made portal link #${link.id} (${PURPOSE_LABELS[input.purpose].toLowerCase()}, valid ${input.days} days)${to ? `, emailed to ${to}` : ''}`,
    });
    return { url, emailedTo: to };
  });
}

export async function revokeLink(deps: Deps, user: SessionUser, customerId: number, linkId: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const link = await trx('portal_links').where({ id: linkId, customer_id: customerId }).forUpdate().first();
    if (!link) throw new NotFoundError('That portal link');
    if (link.revoked_at) return;
    await trx('portal_links').where({ id: linkId }).update({ revoked_at: now });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'portal_link.revoked',
      customerId,
      subject: { type: 'portal_link', id: linkId },
      summary: `Revoked portal link #${linkId}`,
    });
  });
}

export const linksOf = (db: Deps['db'], customerId: number): Promise<LinkRow[]> =>
  db('portal_links')
    .where({ customer_id: customerId })
    .select('id', 'customer_id', 'purpose', 'source', 'expires_at', 'created_at', 'sent_at', 'opened_at')
    .select('used_at', 'revoked_at')
    .orderBy('id', 'desc')
    .limit(20);
