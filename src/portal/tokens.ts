import crypto from 'node:crypto';

/**
 * A portal token is a 16-character selector and a 43-character verifier (base64url, 256 random bits).
 * The selector is stored as it is and finds the row; of the verifier only its sha256 is stored, and the
 * hash of what was presented is compared with it in constant time. A database leak gives no usable link.
 */
const SELECTOR = 16;
const SHAPE = /^[A-Za-z0-9_-]{59}$/;

export const hashVerifier = (verifier: string) => crypto.createHash('sha256').update(verifier).digest('hex');

export function newToken(): { token: string; selector: string; verifierHash: string } {
  const selector = crypto.randomBytes(12).toString('base64url');
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { token: selector + verifier, selector, verifierHash: hashVerifier(verifier) };
}

/** The token's two parts, or null when it cannot be one of ours (no database lookup for junk). */
export function splitToken(token: unknown): { selector: string; verifier: string } | null {
  if (typeof token !== 'string' || !SHAPE.test(token)) return null;
  return { selector: token.slice(0, SELECTOR), verifier: token.slice(SELECTOR) };
}

export function verifierMatches(verifier: string, storedHash: string): boolean {
  const given = Buffer.from(hashVerifier(verifier), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && crypto.timingSafeEqual(given, stored);
}
