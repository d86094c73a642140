import type { Deps } from '../deps';
import { NotFoundError } from '../lib/results';
import { PAID_SALE_STATUSES } from '../payments/states';
import { getSettings } from '../settings/service';
import { LIVE_PURCHASE_STATUSES, purchaseAllows } from '../subscriptions/states';
import { type PortalAccess, linkAllows } from './access';
import { portalCharges, portalPurchases, portalReceipt } from './queries';

/** The portal's first page: subscriptions, the newest charges, and what this link lets the customer do. */
export async function portalOverview(deps: Deps, access: PortalAccess) {
  const [purchases, charges, settings] = await Promise.all([
    portalPurchases(deps.db, access.customer.id),
    portalCharges(deps.db, access.customer.id),
    getSettings(deps.db),
  ]);
  return {
    purchases: purchases.map((p) => ({
      ...p,
      live: LIVE_PURCHASE_STATUSES.includes(p.status),
      // The cancel button is shown exactly when the cancel service would accept it.
      cancellable: linkAllows(access.link, 'cancel') && purchaseAllows(p, 'cancel_now'),
      // What the next bill charges, as billing computes it (src/subscriptions/billing.ts).
      nextAmountCents: p.quantity * (p.next_price_cents ?? p.unit_price_cents),
    })),
    charges: charges.map((c) => ({ ...c, hasReceipt: c.type === 'sale' && PAID_SALE_STATUSES.includes(c.status) })),
    reasons: settings.cancellation_reasons,
    allows: {
      card: linkAllows(access.link, 'card'),
      address: linkAllows(access.link, 'address'),
      documents: linkAllows(access.link, 'documents'),
    },
  };
}

export async function receiptOf(deps: Deps, access: PortalAccess, transactionId: number) {
  const receipt = await portalReceipt(deps.db, access.customer.id, transactionId);
  if (!receipt) throw new NotFoundError('That receipt');
  return receipt;
}
