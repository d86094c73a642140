/**
 * What the app needs from a payment gateway. Every call carries an idempotency key: the same key
 * twice is the same operation, answered the same way, never done twice.
 */
export interface ChargeRequest {
  idempotencyKey: string;
  token: string;
  amountCents: number;
  currency: string;
  /** Our attempt row (`transactions.id`), kept with the gateway's record so either side finds the other. */
  attemptId?: number;
}

export interface FollowUpRequest extends ChargeRequest {
  /** The gateway's reference of the sale being voided, refunded or captured. */
  saleReference: string;
}

export type GatewayResult =
  | { outcome: 'approved'; reference: string; message: string }
  | { outcome: 'declined'; message: string; hard: boolean }
  /** No answer (timeout, connection lost, a 5xx): the operation may or may not have happened. */
  | { outcome: 'errored'; message: string };

/** What a stored card row holds (`payment_instruments`): never the full number. */
export interface NewCard {
  brand: string;
  last4: string;
  bin: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  gateway_token: string;
}

/** A sandbox card and how the gateway answers it, for the admin page and the order form. */
export interface SandboxCard {
  number: string;
  brand: string;
  description: string;
}

export interface Gateway {
  readonly name: string;
  /** A sale: an authorisation the settlement batch settles (captures). */
  charge(req: ChargeRequest): Promise<GatewayResult>;
  /** Releases a sale that has not settled, always whole. */
  void(req: FollowUpRequest): Promise<GatewayResult>;
  /** Gives back part or all of a settled sale. */
  refund(req: FollowUpRequest): Promise<GatewayResult>;
  /**
   * Sends money to a card (a payout, our `credit` transaction): not tied to any sale and never
   * reversible. Only gateways that can; without it the profile offers no payouts.
   */
  credit?(req: ChargeRequest): Promise<GatewayResult>;
  /** The gateway's record of an earlier call, for reconciling an errored one; null if it never arrived. */
  lookup(idempotencyKey: string): Promise<GatewayResult | null>;
  /**
   * Settles one sale at the daily batch, for gateways whose sales are authorisations captured one by
   * one (Stripe). A gateway that settles by its own batch (the test gateway) has none, so the batch
   * stays one set-based UPDATE for it.
   */
  capture?(req: FollowUpRequest): Promise<GatewayResult>;
  /**
   * Only a sandbox takes a typed card number (the order form's "new card"); with a real gateway the
   * agent UI never sees a card number (PCI) and charges cards on file.
   */
  cardFromNumber?(number: string, exp?: { month: number; year: number }): NewCard;
  /** The sandbox's cards, listed on the admin page and beside the order form's card number. */
  readonly sandboxCards?: readonly SandboxCard[];
}
