/**
 * Stripe's `decline_code` (or the card error's `code`) in our words: a sentence an agent can read
 * out, and whether the decline is hard (never retried: the card is gone or the bank forbids it) or
 * soft (the rebill's recycling may try again). Codes not listed are soft with Stripe's own message.
 */
const HARD: Record<string, string> = {
  stolen_card: 'Stolen card — do not honor',
  lost_card: 'The card was reported lost',
  pickup_card: 'The bank asks to keep the card (reported lost or stolen)',
  fraudulent: 'Declined as fraudulent',
  merchant_blacklist: 'Blocked by Stripe Radar',
  restricted_card: 'The card cannot be used for this payment',
  expired_card: 'The card has expired',
  incorrect_number: 'The card number is incorrect',
  invalid_number: 'The card number is incorrect',
  invalid_account: 'The card account is closed or invalid',
  card_not_supported: 'The card does not support this kind of payment',
  currency_not_supported: 'The card does not support this currency',
  revocation_of_authorization: 'The customer revoked this merchant’s authorisation',
  revocation_of_all_authorizations: 'The customer revoked all authorisations',
  stop_payment_order: 'The customer asked the bank to stop this payment',
  security_violation: 'Declined by the bank for security reasons',
  transaction_not_allowed: 'The bank does not allow this transaction',
};

const SOFT: Record<string, string> = {
  insufficient_funds: 'Insufficient funds',
  generic_decline: 'Declined by the bank without a reason',
  do_not_honor: 'Declined by the bank (do not honor)',
  card_velocity_exceeded: 'The card’s spending limit was reached',
  withdrawal_count_limit_exceeded: 'The card’s spending limit was reached',
  try_again_later: 'Declined for now; the bank asks to try again later',
  issuer_not_available: 'The bank could not be reached',
  processing_error: 'A processing error at the bank',
  reenter_transaction: 'The bank asks to try again',
  call_issuer: 'The bank asks the customer to call them',
  incorrect_cvc: 'The security code (CVC) is incorrect',
  incorrect_zip: 'The postal code does not match the card',
  authentication_required: 'The bank requires the customer to authenticate this payment',
  approve_with_id: 'The bank could not authorise this payment; try again',
};

export function declineOf(code: string | null, stripeMessage?: string): { hard: boolean; message: string } {
  if (code && HARD[code]) return { hard: true, message: HARD[code] };
  if (code && SOFT[code]) return { hard: false, message: SOFT[code] };
  return { hard: false, message: stripeMessage?.replace(/\.$/, '') ?? 'Declined by the bank' };
}
