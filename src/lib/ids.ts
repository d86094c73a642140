import crypto from 'node:crypto';

// No 0/O or 1/I: agents read order IDs aloud over the phone.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A short uppercase public order ID, e.g. "K7QX2M9A". */
export function newOrderPublicId(
  random: () => number = () => crypto.randomInt(ALPHABET.length) / ALPHABET.length,
): string {
  let id = '';
  for (let i = 0; i < 8; i++) id += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return id;
}

/** Rendered into every money-moving form; unique in the database and sent to the gateway. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
