import crypto from 'node:crypto';

/** `Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` (docs/WEBHOOKS.md). */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const mac = crypto.createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** A new endpoint's signing secret. */
export const newSecret = (): string => `whsec_${crypto.randomBytes(24).toString('hex')}`;
