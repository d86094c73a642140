/**
 * What happens after a declined rebill, by the purchase's recycle billing profile: a pure rule, so
 * every case is tested without a database (test/unit/subscriptions/recycle-rule.test.ts).
 *
 * - A hard decline (the card is stolen, lost, closed, or the issuer says never retry) is not recycled:
 *   the subscription is cancelled at once. A soft decline (insufficient funds, try later) is retried.
 * - Each attempt of the profile says how many days after the decline it runs, an optional reduction
 *   of the unit price (flat cents or a percent, always taken from the regular unit price, never
 *   compounded), and a minimum unit price the reduction never goes below.
 * - When every attempt of the profile was used, the next decline cancels the subscription.
 */
export type Reduction = { kind: 'flat'; cents: number } | { kind: 'percent'; percent: number };

export interface RecycleAttempt {
  delay_days: number;
  reduction: Reduction | null;
  min_price_cents: number | null;
}

export type DeclineKind = 'soft' | 'hard';

export type RecycleStep =
  | { action: 'cancel'; because: string }
  | { action: 'retry'; attempt: number; of: number; delayDays: number; nextPriceCents: number | null };

/**
 * The test gateway's decline reasons (src/payments/gateways/test-cards.ts) and the usual issuer
 * wording, each mapped to soft or hard. A reason not listed is soft unless the gateway flagged it hard.
 */
export const DECLINE_REASONS: Readonly<Record<string, DeclineKind>> = {
  'insufficient funds': 'soft',
  'no card on file': 'soft',
  'stolen card — do not honor': 'hard',
};
const HARD_WORDS = /\b(stolen|lost|fraud|pick ?up|closed|revoked|invalid (card|account)|do not honou?r)\b/i;

export function declineKind(reason: string, gatewaySaysHard = false): DeclineKind {
  const known = DECLINE_REASONS[reason.trim().toLowerCase()];
  if (gatewaySaysHard || known === 'hard') return 'hard';
  if (known) return known;
  return HARD_WORDS.test(reason) ? 'hard' : 'soft';
}

/** The unit price of an attempt: the regular price less the reduction, not below the minimum nor above regular. */
export function attemptPrice(regularCents: number, a: RecycleAttempt): number {
  if (!a.reduction) return regularCents;
  const off = a.reduction.kind === 'flat' ? a.reduction.cents : Math.round((regularCents * a.reduction.percent) / 100);
  const reduced = Math.max(0, regularCents - off);
  return Math.min(regularCents, Math.max(reduced, a.min_price_cents ?? 0));
}

/**
 * After the `done`-th recycle attempt (0 = the scheduled rebill) was declined with `kind`: what next.
 * `nextPriceCents` is the purchase's one-billing price for the retry (null: the regular price). An
 * agent's one-billing price (`currentNextCents`) is kept by an attempt without a reduction, unless it
 * was the previous attempt's reduced price.
 */
export function nextRecycleStep(
  attempts: readonly RecycleAttempt[],
  done: number,
  regularCents: number,
  currentNextCents: number | null,
  kind: DeclineKind,
): RecycleStep {
  if (kind === 'hard') return { action: 'cancel', because: 'its rebill was hard declined (not retried)' };
  const next = attempts[done];
  if (!next) return { action: 'cancel', because: `its rebill was declined ${done + 1} times` };
  return {
    action: 'retry',
    attempt: done + 1,
    of: attempts.length,
    delayDays: next.delay_days,
    nextPriceCents: next.reduction
      ? attemptPrice(regularCents, next)
      : done > 0 && attempts[done - 1]?.reduction
        ? null
        : currentNextCents,
  };
}

/** "10%" → percent, "2.50" / "$2.50" → flat cents, "" → none; anything else → undefined (a bad entry). */
export function parseReduction(text: string, parseMoney: (s: string) => number | null): Reduction | null | undefined {
  const s = text.trim();
  if (!s) return null;
  const pct = /^(\d{1,2}(?:\.\d{1,2})?|100)\s*%$/.exec(s);
  if (pct) return { kind: 'percent', percent: Number(pct[1]) };
  const cents = parseMoney(s);
  return cents === null || cents === 0 ? undefined : { kind: 'flat', cents };
}

export function reductionText(r: Reduction | null, money: (cents: number) => string): string {
  if (!r) return '';
  return r.kind === 'percent' ? `${r.percent}%` : money(r.cents);
}
