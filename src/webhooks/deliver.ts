import type { Deps } from '../deps';
import { checkWebhookUrl } from './addresses';
import { type Claimed, claimDue } from './queries';
import { type Attempt, recordOutcome } from './outcome';
import { signatureHeader } from './signature';

const BATCH = 20;
const TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 500;

type JobDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>;

/**
 * The webhook job: due deliveries claimed with SKIP LOCKED (several containers never send one twice
 * at once), posted outside any transaction, each attempt logged and the next one scheduled.
 */
export async function deliverWebhooks(deps: JobDeps): Promise<{ delivered: number; failed: number }> {
  const counts = { delivered: 0, failed: 0 };
  for (;;) {
    const rows = await claimDue(deps.db, deps.clock.now(), BATCH);
    const results = await Promise.all(rows.map((row) => post(deps, row)));
    for (const [i, attempt] of results.entries()) {
      await recordOutcome(deps, rows[i], attempt);
      counts[attempt.statusCode !== null && attempt.statusCode < 300 ? 'delivered' : 'failed']++;
    }
    if (rows.length < BATCH) break;
  }
  if (counts.delivered || counts.failed) deps.logger.info(counts, 'webhooks delivered');
  return counts;
}

async function post(deps: JobDeps, row: Claimed): Promise<Attempt> {
  const started = Date.now();
  const done = (a: Omit<Attempt, 'durationMs'>): Attempt => ({ ...a, durationMs: Date.now() - started });
  const checked = await checkWebhookUrl(row.url, deps.config.webhookAllowPrivate);
  if (!checked.ok) return done({ statusCode: null, excerpt: '', error: checked.message });
  try {
    const res = await fetch(checked.url, {
      method: 'POST',
      // A redirect could lead to an address the check above refuses: it counts as a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'ContinuityDesk-Webhooks/1',
        'Webhook-Id': row.event_id,
        'Webhook-Signature': signatureHeader(row.secret, Math.floor(deps.clock.now().getTime() / 1000), row.body),
      },
      body: row.body,
    });
    return done({ statusCode: res.status, excerpt: await excerpt(res), error: null });
  } catch (err) {
    const e = err as Error & { cause?: Error };
    const error = e.name === 'TimeoutError' ? `No answer within ${TIMEOUT_MS / 1000} s` : (e.cause ?? e).message;
    return done({ statusCode: null, excerpt: '', error });
  }
}

/** The start of the answer, without reading a large body into memory. */
async function excerpt(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel();
  return Buffer.concat(chunks).toString('utf8', 0, Math.min(size, EXCERPT_BYTES));
}
