import type { Db } from '../db/knex';
import { getSettings } from '../settings/service';

/** Transactions as their rows on the profile and the order summary show them (add a where). */
export const transactionRows = (db: Db) =>
  db('transactions as t')
    .leftJoin('orders as o', 'o.id', 't.order_id')
    .leftJoin('payment_instruments as pi', 'pi.id', 't.payment_instrument_id')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .select(
      't.id',
      't.customer_id',
      't.order_id',
      't.type',
      't.status',
      't.amount_cents',
      't.refunded_cents',
      't.queued_cents',
      't.currency',
      't.parent_id',
      't.reason',
      't.billing_cycle',
      't.discount_cents',
      't.credit_used_cents',
      't.gateway',
      't.gateway_message',
      't.gateway',
      't.created_at',
      'o.public_id as order_public_id',
      'pi.brand',
      'pi.last4',
      'u.name as user_name',
    );

export const transactionRow = (db: Db, id: number) => transactionRows(db).where('t.id', id).first();

export const refundReasons = async (db: Db): Promise<string[]> => (await getSettings(db)).refund_reasons;

/** What a refund form needs: the reasons, and whether agents may tick "Refunded externally" (the setting). */
export async function refundFormLocals(db: Db) {
  const settings = await getSettings(db);
  return { reasons: settings.refund_reasons, externalForAgents: settings.agents_refund_externally };
}
