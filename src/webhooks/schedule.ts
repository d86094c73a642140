/** The retry schedule (docs/WEBHOOKS.md): pure, so tests and the docs can read it. */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Retries stop three days after the event; an endpoint failing for a day is disabled. */
export const RETRY_FOR_MS = 72 * HOUR;
export const DISABLE_AFTER_MS = 24 * HOUR;

/** The wait after the nth failed attempt: 1, 2, 4, 8 … minutes, at most 12 hours. */
export const retryDelayMs = (failedAttempts: number): number =>
  Math.min(2 ** Math.max(0, failedAttempts - 1) * MINUTE, 12 * HOUR);

/** When to try again, or null when the next try would fall after the three days. */
export function nextAttemptAt(createdAt: Date, now: Date, failedAttempts: number): Date | null {
  const next = new Date(now.getTime() + retryDelayMs(failedAttempts));
  return next.getTime() > createdAt.getTime() + RETRY_FOR_MS ? null : next;
}
