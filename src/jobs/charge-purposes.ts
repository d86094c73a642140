import { orderCharge } from '../orders/order-charge';
import type { ChargePurposes } from '../payments/charges';
import { collectionCharge } from '../payments/collections';
import { purchaseCharge } from '../subscriptions/charge-booking';

/** How the reconciler books a charge it resolves: wired here so payments never imports orders or subscriptions. */
export const CHARGE_PURPOSES: ChargePurposes = {
  order: orderCharge,
  purchase: purchaseCharge,
  collection: collectionCharge,
};
