import fs from 'node:fs';
import path from 'node:path';
import { ACTIONS as FULFILLMENT_ACTIONS } from '../../../src/fulfillments/states';
import { PURCHASE_ACTIONS } from '../../../src/subscriptions/states';
import { MAPPED_KINDS, WEBHOOK_EVENTS, webhookEventsFor } from '../../../src/webhooks/events';
import { nextAttemptAt, retryDelayMs } from '../../../src/webhooks/schedule';
import { signatureHeader } from '../../../src/webhooks/signature';

/** Every event kind an action records: the literal ones, and the templates expanded with their values. */
function recordedKinds(): Set<string> {
  const kinds = new Set<string>();
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  for (const file of walk(path.join(__dirname, '../../../src'))) {
    for (const line of fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => /\bkind: /.test(l)))
      for (const m of line.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) kinds.add(m[1]);
  }
  for (const a of PURCHASE_ACTIONS) kinds.add(`purchase.${a}`);
  for (const a of FULFILLMENT_ACTIONS) kinds.add(`fulfillment.${a}`);
  for (const op of ['refund', 'void']) kinds.add(`transaction.${op}`);
  return kinds;
}

describe('webhook events', () => {
  it('maps only kinds that some action records', () => {
    const recorded = recordedKinds();
    expect(MAPPED_KINDS.filter((k) => !recorded.has(k))).toEqual([]);
  });

  it('gives every webhook event at least one cause', () => {
    const caused = new Set(MAPPED_KINDS.flatMap(webhookEventsFor));
    expect(WEBHOOK_EVENTS.filter((e) => !caused.has(e))).toEqual([]);
  });

  it('signs "t.body" with HMAC-SHA256 (a known vector)', () => {
    expect(signatureHeader('whsec_test', 1700000000, '{"a":1}')).toBe(
      't=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789',
    );
  });

  it('waits 1, 2, 4 … minutes, at most 12 hours, and stops after three days', () => {
    expect([1, 2, 3, 4, 10, 11, 20].map((n) => retryDelayMs(n) / 60_000)).toEqual([1, 2, 4, 8, 512, 720, 720]);
    const created = new Date('2026-11-23T00:00:00Z');
    expect(nextAttemptAt(created, new Date('2026-11-25T12:00:00Z'), 15)).toEqual(new Date('2026-11-26T00:00:00Z'));
    expect(nextAttemptAt(created, new Date('2026-11-25T12:00:01Z'), 15)).toBeNull();
  });
});
