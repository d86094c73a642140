import { actorOf, recordEvent, userIdOf } from '../audit/record';
import type { SessionUser } from '../auth/service';
import { lockCustomer } from '../customers/queries';
import type { Db } from '../db/knex';
import type { Deps } from '../deps';
import { enqueueEmail } from '../email/outbox';
import { fail, NotFoundError, type Result } from '../lib/results';
import type { PortalAccess } from './access';
import { DEFAULT_DAYS, insertLink, portalUrl, shopOf } from './links';
import { KYC_LABELS, type KycKind } from './kyc-rules';

export interface KycDocument {
  id: number;
  customer_id: number;
  kind: KycKind;
  status: 'requested' | 'pending' | 'accepted' | 'rejected';
  message: string;
  reject_reason: string | null;
  file_id: number | null;
  requested_at: Date;
  uploaded_at: Date | null;
  reviewed_at: Date | null;
}

export const documentsOf = (db: Db, customerId: number): Promise<KycDocument[]> =>
  db('kyc_documents').where({ customer_id: customerId }).orderBy('id');

const list = (kinds: KycKind[]) => kinds.map((k) => KYC_LABELS[k].toLowerCase()).join(', ');

/**
 * An agent asks for documents: each kind is (again) requested with the message, and a documents link
 * is made for the customer, emailed with the message or shown once to paste into a chat.
 */
export async function requestDocuments(
  deps: Deps,
  user: SessionUser,
  customerId: number,
  input: { kinds: KycKind[]; message: string; email: boolean },
): Promise<{ url: string; emailedTo: string | null }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const customer = await lockCustomer(trx, customerId);
    const rows = input.kinds.map((kind) => ({
      customer_id: customerId,
      kind,
      status: 'requested',
      message: input.message,
      requested_by: userIdOf(user),
      requested_at: now,
    }));
    await trx('kyc_documents')
      .insert(rows)
      .onConflict(['customer_id', 'kind'])
      .merge({
        status: 'requested',
        message: input.message,
        requested_by: userIdOf(user),
        requested_at: now,
        reject_reason: null,
      });
    const link = await insertLink(trx, {
      customerId,
      purpose: 'documents',
      days: DEFAULT_DAYS,
      source: 'agent',
      now,
      createdBy: userIdOf(user),
    });
    const url = `${portalUrl(deps, link.token)}/documents`;
    const to = input.email && customer.email ? customer.email : null;
    const mail = kycEmail(customer, {
      ...shopOf(deps),
      url,
      kinds: input.kinds,
      message: input.message,
      expiresAt: link.expiresAt,
    });
    if (to && (await enqueueEmail(trx, now, to, mail, customerId)))
      await trx('portal_links').where({ id: link.id }).update({ sent_at: now });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'kyc.requested',
      customerId,
      subject: { type: 'portal_link', id: link.id },
      summary: `Asked for documents (${list(input.kinds)}) through portal link #${link.id}${to ? `, emailed to ${to}` : ''}: ${input.message}`,
      after: { kinds: input.kinds, message: input.message },
    });
    return { url, emailedTo: to };
  });
}

const kycEmail = (
  c: { first_name: string },
  l: ReturnType<typeof shopOf> & { url: string; kinds: KycKind[]; message: string; expiresAt: Date },
) => ({
  template: 'kyc_request',
  subject: `${l.merchant}: documents we need from you`,
  text: `Hi ${c.first_name || 'there'},\n\nWe need the following from you: ${list(l.kinds)}.\n\n${l.message}\n\nUpload them here (photos or scans, JPEG, PNG or PDF, up to 5 MB each):\n\n${l.url}\n\nThe link works until ${l.when(l.expiresAt)} and only for you.\n\nThank you,\n${l.merchant}`,
});

/** The agent's decision on an uploaded document; only a document waiting for review can be decided. */
export async function reviewDocument(
  deps: Deps,
  user: SessionUser,
  customerId: number,
  documentId: number,
  review: { decision: 'accept' | 'reject'; reason: string },
): Promise<Result<{ status: string }, 'not_pending'>> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const doc = await trx('kyc_documents').where({ id: documentId, customer_id: customerId }).forUpdate().first();
    if (!doc) throw new NotFoundError('That document');
    if (doc.status !== 'pending') return fail('not_pending', 'This document is not waiting for a review.');
    const status = review.decision === 'accept' ? 'accepted' : 'rejected';
    const reason = status === 'rejected' ? review.reason : null;
    await trx('kyc_documents')
      .where({ id: doc.id })
      .update({ status, reject_reason: reason, reviewed_by: userIdOf(user), reviewed_at: now });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: `kyc.${status}`,
      customerId,
      subject: { type: 'kyc_document', id: doc.id },
      summary: `${status === 'accepted' ? 'Accepted' : 'Rejected'} the ${KYC_LABELS[doc.kind as KycKind].toLowerCase()}${reason ? `: ${reason}` : ''}`,
      before: { status: doc.status },
      after: { status, reject_reason: reason },
    });
    return { ok: true, status };
  });
}

/**
 * The customer's upload on the portal: stored as a file of theirs (outside the web root), the
 * document then waits for review. Only a document asked for (or rejected) takes a file.
 */
export async function uploadDocument(
  deps: Deps,
  access: PortalAccess,
  documentId: number,
  file: { name: string; type: string; content: Buffer },
): Promise<Result<{ id: number }, 'not_requested'>> {
  const now = deps.clock.now();
  const { customer, actor, link } = access;
  return deps.db.transaction(async (trx) => {
    const doc = await trx('kyc_documents').where({ id: documentId, customer_id: customer.id }).forUpdate().first();
    if (!doc) throw new NotFoundError('That document');
    if (!['requested', 'rejected'].includes(doc.status))
      return fail('not_requested', 'We already have this document; there is nothing more to upload for it.');
    const label = KYC_LABELS[doc.kind as KycKind];
    const filename = file.name.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'document';
    const [row] = await trx('files')
      .insert({
        customer_id: customer.id,
        filename,
        content_type: file.type,
        size_bytes: file.content.length,
        content: file.content,
        user_id: null,
        created_at: now,
      })
      .returning('id');
    await trx('kyc_documents')
      .where({ id: doc.id })
      .update({ status: 'pending', file_id: row.id, uploaded_at: now, reject_reason: null });
    await recordEvent(trx, {
      actor,
      kind: 'kyc.uploaded',
      customerId: customer.id,
      subject: { type: 'kyc_document', id: doc.id },
      summary: `The customer uploaded their ${label.toLowerCase()} (“${filename}”) on their portal`,
      after: { file_id: row.id },
    });
    await trx('portal_links').where({ id: link.id }).update({ used_at: now });
    return { ok: true, id: doc.id };
  });
}
