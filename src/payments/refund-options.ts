import type { Knex } from 'knex';
import type { SessionUser } from '../auth/service';
import { fail, type Failure } from '../lib/results';
import type { Row } from './attempts';
import { isExternalSale, mayRefundExternally } from './external';
import { decideLine, lineLeftCents, lineState } from './lines';
import { refundableCents, type SaleRow, saleStateOf } from './states';

export interface RefundOptions {
  /** "Refunded externally": made in the gateway's own portal; recorded, never sent. */
  external?: boolean;
  /** Whether the customer gets the refund email; only an external refund may skip it. */
  notifyCustomer?: boolean;
  /** A refund of one product line of the order, capped by that line. */
  orderItemId?: number;
}

export type Prepared = { amountCents?: number; external: boolean; notifyCustomer: boolean; orderItemId: number | null };

/**
 * The options of one refund or void, checked inside the sale's lock before the sale's own rule
 * (`decide`): who may record an external refund, and the line's cap. Returns the amount the line
 * allows (the sale's cap is checked after, on that amount).
 */
export async function prepareOptions(
  trx: Knex.Transaction,
  user: SessionUser,
  sale: Row,
  op: 'refund' | 'void',
  input: RefundOptions & { amountCents?: number },
): Promise<Prepared | Failure> {
  const externalSale = isExternalSale(sale);
  if (input.external && !externalSale) {
    const settings = await trx('settings').first('agents_refund_externally');
    if (!mayRefundExternally(user, settings))
      return fail('not_permitted', 'Only an admin may record a refund made in the gateway’s portal.', {
        external: 'Only an admin may record a refund made in the gateway’s portal.',
      });
  }
  const external = externalSale || Boolean(input.external);
  const prepared = {
    amountCents: input.amountCents,
    external,
    notifyCustomer: !external || input.notifyCustomer !== false,
    orderItemId: null as number | null,
  };
  if (!input.orderItemId) return prepared;
  if (op !== 'refund') return fail('line_void', 'A void cancels the whole charge; refund a line once it settles.');
  const line = await lineState(trx, sale.id, input.orderItemId);
  if ('ok' in line) return line;
  // By default a line gives back all it has left, or what its charge has left if that is less.
  const fallback = Math.min(lineLeftCents(line), refundableCents(saleStateOf(sale as SaleRow)));
  const decided = decideLine({ ...line, currency: sale.currency }, input.amountCents ?? (fallback || undefined));
  if (!decided.ok) return decided;
  return { ...prepared, amountCents: decided.amountCents, orderItemId: input.orderItemId };
}
