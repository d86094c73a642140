import { can } from '../auth/permissions';
import type { SessionUser } from '../auth/service';
import type { GatewayResult } from './gateway';
import type { Row } from './attempts';

/**
 * Refunds made outside the gateway (docs/RULES.md §Refund options). A sale entered with an external
 * payment was never on the configured gateway, so its refunds and voids are external too; a card
 * sale's refund is external when the agent says it was already made in the gateway's own portal.
 * Either way the attempt row carries `gateway = 'external'`, is booked like any refund, and the
 * gateway is never called — by the page, the API, the queue or the reconciler.
 */
export const EXTERNAL = 'external';

export const isExternalSale = (sale: Row) => sale.gateway === EXTERNAL;

export const isExternalAttempt = (row: Row) => row.gateway === EXTERNAL;

/** The answer booked for an external attempt: the money already moved, outside the app. */
export const externalAnswer = (row: Row): GatewayResult => ({
  outcome: 'approved',
  reference: `external-${row.id}`,
  message: row.type === 'void' ? 'Voided externally' : 'Refunded externally',
});

/**
 * Who may tick "Refunded externally" on a card sale: admins (the permission), and agents too when the
 * admin's setting allows it. An external sale's own refund needs only the refund permission: it has no
 * other way back.
 */
export const mayRefundExternally = (user: SessionUser, settings: { agents_refund_externally: boolean }) =>
  can(user.role, 'transactions:refund_external') || settings.agents_refund_externally;
