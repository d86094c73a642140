import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import type { Card } from './status';

export const CARD_COLUMNS = [
  'id',
  'customer_id',
  'brand',
  'last4',
  'bin',
  'exp_month',
  'exp_year',
  'fingerprint',
  'role',
  'billing_address1',
  'billing_address2',
  'billing_city',
  'billing_state',
  'billing_postal_code',
  'billing_country',
  'deactivated_at',
  'created_at',
] as const;

/** A customer's cards: the default, the backup, the other active ones, then the deactivated, newest first. */
export const cardsOf = (db: Db | Knex.Transaction, customerId: number) =>
  db('payment_instruments')
    .select(CARD_COLUMNS)
    .where({ customer_id: customerId })
    .orderByRaw("deactivated_at IS NOT NULL, role = 'default' IS NOT TRUE, role = 'backup' IS NOT TRUE, id DESC");

/** One card, locked for an action on it. */
export const lockCard = (trx: Knex.Transaction, id: number): Promise<Card> =>
  trx('payment_instruments').select(CARD_COLUMNS).where({ id }).forUpdate().first();

/** The customer's card holding a role (default or backup), if any. */
export const cardWithRole = (
  db: Db | Knex.Transaction,
  customerId: number,
  role: 'default' | 'backup',
): Promise<Card | undefined> =>
  db('payment_instruments').select(CARD_COLUMNS).where({ customer_id: customerId, role }).first();

/** Charges of the customer that can still be refunded or voided: a payout must not stand in for those unwarned. */
export const moneyBackPossible = (db: Db | Knex.Transaction, customerId: number) =>
  db('transactions')
    .where({ customer_id: customerId, type: 'sale' })
    .whereNot('gateway', 'external')
    .whereIn('status', ['pending', 'settled', 'partially_refunded'])
    .whereRaw('amount_cents > refunded_cents + queued_cents')
    .first('id', 'amount_cents', 'currency');

/**
 * Before a merge moves the source customer's cards: a role the kept customer already holds stays
 * with the kept customer's card (one default and one backup per customer).
 */
export const dropRolesTakenBy = (trx: Knex.Transaction, sourceId: number, keptId: number) =>
  trx('payment_instruments')
    .where({ customer_id: sourceId })
    .whereIn('role', trx('payment_instruments').select('role').where({ customer_id: keptId }).whereNotNull('role'))
    .update({ role: null });

/** The customer a card belongs to, or undefined for no such card. */
export const ownerOfCard = async (db: Db, id: number): Promise<number | undefined> =>
  (await db('payment_instruments').where({ id }).first('customer_id'))?.customer_id;
