/**
 * What a card on file is now, in one place (docs/RULES.md §Payment instruments): deactivated by an
 * agent (never charged again, never deleted), expired (its month has passed in the account's time
 * zone), or active. Only an active card is charged, made default or backup.
 */
export type CardStatus = 'active' | 'expired' | 'deactivated';

export interface CardState {
  exp_month: number;
  exp_year: number;
  deactivated_at: Date | string | null;
}

/** `today` is the account's day ('YYYY-MM-DD'): a card is good through the last day of its expiry month. */
export function cardStatus(card: CardState, today: string): CardStatus {
  if (card.deactivated_at) return 'deactivated';
  const [year, month] = today.split('-').map(Number);
  return card.exp_year * 12 + card.exp_month < year * 12 + month ? 'expired' : 'active';
}

/** A `payment_instruments` row as the card actions read it. */
export interface Card extends CardState {
  id: number;
  customer_id: number;
  brand: string;
  last4: string;
  role: 'default' | 'backup' | null;
  [column: string]: any;
}

export const isChargeable = (card: CardState, today: string) => cardStatus(card, today) === 'active';

/** Why a card may not be charged, as the agent reads it; null when it may. */
export function whyNotChargeable(card: CardState & { brand: string; last4: string }, today: string): string | null {
  const status = cardStatus(card, today);
  if (status === 'active') return null;
  const name = cardName(card);
  return status === 'deactivated'
    ? `${name} is deactivated and is never charged.`
    : `${name} expired at the end of ${String(card.exp_month).padStart(2, '0')}/${card.exp_year}.`;
}

/** Card name as every page and history line writes it. */
export const cardName = (card: { brand: string; last4: string }) => `${card.brand} •••• ${card.last4}`;
