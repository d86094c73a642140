/**
 * What the app needs from a payment gateway. Every call carries an idempotency key: the same key
 * twice is the same operation, answered the same way, never done twice.
 */
export interface ChargeRequest {
  idempotencyKey: string;
  token: string;
  amountCents: number;
  currency: string;
}

export interface FollowUpRequest extends ChargeRequest {
  /** The gateway's reference of the sale being voided or refunded. */
  saleReference: string;
}

export type GatewayResult =
  | { outcome: 'approved'; reference: string; message: string }
  | { outcome: 'declined'; message: string; hard: boolean }
  /** No answer (timeout, connection lost): the operation may or may not have happened. */
  | { outcome: 'errored'; message: string };

export interface Gateway {
  readonly name: string;
  charge(req: ChargeRequest): Promise<GatewayResult>;
  void(req: FollowUpRequest): Promise<GatewayResult>;
  refund(req: FollowUpRequest): Promise<GatewayResult>;
  /** The gateway's record of an earlier call, for reconciling an errored one; null if it never arrived. */
  lookup(idempotencyKey: string): Promise<GatewayResult | null>;
}
