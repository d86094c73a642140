import { TEST_CARDS } from '../../../src/payments/gateways/test-cards';
import { parseMoney } from '../../../src/lib/money';
import {
  attemptPrice,
  DECLINE_REASONS,
  declineKind,
  nextRecycleStep,
  parseReduction,
  type RecycleAttempt,
  reductionText,
} from '../../../src/subscriptions/recycle-rule';

const plain = (delay_days: number): RecycleAttempt => ({ delay_days, reduction: null, min_price_cents: null });
const STANDARD = [plain(1), plain(1)];
const DISCOUNTING: RecycleAttempt[] = [
  { delay_days: 2, reduction: { kind: 'percent', percent: 10 }, min_price_cents: null },
  plain(3),
  { delay_days: 5, reduction: { kind: 'flat', cents: 1500 }, min_price_cents: 2000 },
];

describe('recycle rule: soft and hard declines', () => {
  it('maps every decline of the test gateway as the gateway describes it', () => {
    for (const card of TEST_CARDS) {
      if (card.behaviour.kind !== 'decline') continue;
      expect(DECLINE_REASONS[card.behaviour.reason.toLowerCase()]).toBe(card.behaviour.hard ? 'hard' : 'soft');
      expect(declineKind(card.behaviour.reason)).toBe(card.behaviour.hard ? 'hard' : 'soft');
    }
  });

  it.each([
    ['Insufficient funds', false, 'soft'],
    ['INSUFFICIENT FUNDS ', false, 'soft'],
    ['no card on file', false, 'soft'],
    ['Stolen card — do not honor', false, 'hard'],
    ['Insufficient funds', true, 'hard'], // the gateway's own flag wins
    ['Lost card, pick up', false, 'hard'],
    ['Account closed', false, 'hard'],
    ['Suspected fraud', false, 'hard'],
    ['Do not honour', false, 'hard'],
    ['Issuer unavailable', false, 'soft'],
    ['', false, 'soft'],
  ] as const)('%j (gateway hard: %s) is %s', (reason, flag, kind) => {
    expect(declineKind(reason, flag)).toBe(kind);
  });
});

describe('recycle rule: the attempts', () => {
  it('the standard profile retries twice, a day apart, at the same price, then cancels (as the rebill always did)', () => {
    expect(nextRecycleStep(STANDARD, 0, 3995, null, 'soft')).toEqual({
      action: 'retry',
      attempt: 1,
      of: 2,
      delayDays: 1,
      nextPriceCents: null,
    });
    expect(nextRecycleStep(STANDARD, 1, 3995, null, 'soft')).toMatchObject({ action: 'retry', attempt: 2 });
    expect(nextRecycleStep(STANDARD, 2, 3995, null, 'soft')).toEqual({
      action: 'cancel',
      because: 'its rebill was declined 3 times',
    });
  });

  it('a hard decline is never retried, whatever attempt it was', () => {
    for (const done of [0, 1, 2, 3])
      expect(nextRecycleStep(DISCOUNTING, done, 3995, null, 'hard')).toEqual({
        action: 'cancel',
        because: 'its rebill was hard declined (not retried)',
      });
  });

  it('a profile with no attempts cancels on the first decline', () => {
    expect(nextRecycleStep([], 0, 3995, null, 'soft')).toMatchObject({ action: 'cancel' });
  });

  it('each attempt has its delay and its own price, taken from the regular price, never compounded', () => {
    const steps = [0, 1, 2].map((done) => nextRecycleStep(DISCOUNTING, done, 4000, null, 'soft'));
    expect(steps).toEqual([
      { action: 'retry', attempt: 1, of: 3, delayDays: 2, nextPriceCents: 3600 },
      { action: 'retry', attempt: 2, of: 3, delayDays: 3, nextPriceCents: null }, // back to regular after a reduced one
      { action: 'retry', attempt: 3, of: 3, delayDays: 5, nextPriceCents: 2500 },
    ]);
    expect(nextRecycleStep(DISCOUNTING, 3, 4000, 2500, 'soft')).toMatchObject({ action: 'cancel' });
  });

  it("an agent's one-billing price stays for an attempt without a reduction, and a reduction replaces it", () => {
    expect(nextRecycleStep(STANDARD, 0, 4000, 1999, 'soft')).toMatchObject({ nextPriceCents: 1999 });
    expect(nextRecycleStep(DISCOUNTING, 0, 4000, 1999, 'soft')).toMatchObject({ nextPriceCents: 3600 });
  });
});

describe('recycle rule: prices', () => {
  const at = (reduction: RecycleAttempt['reduction'], min: number | null = null) =>
    ({ delay_days: 1, reduction, min_price_cents: min }) as RecycleAttempt;
  it.each([
    [4000, at(null), 4000],
    [4000, at({ kind: 'percent', percent: 10 }), 3600],
    [3995, at({ kind: 'percent', percent: 33.33 }), 2663],
    [4000, at({ kind: 'percent', percent: 100 }), 0],
    [4000, at({ kind: 'percent', percent: 100 }, 1000), 1000],
    [4000, at({ kind: 'flat', cents: 500 }), 3500],
    [4000, at({ kind: 'flat', cents: 5000 }), 0], // never below zero
    [4000, at({ kind: 'flat', cents: 1500 }, 3000), 3000], // never below the minimum
    [2000, at({ kind: 'flat', cents: 500 }, 3000), 2000], // the minimum never raises the price
    [4000, at(null, 5000), 4000],
  ])('regular %i with %j → %i', (regular, attempt, price) => {
    expect(attemptPrice(regular, attempt)).toBe(price);
  });

  it.each([
    ['', null],
    ['  ', null],
    ['10%', { kind: 'percent', percent: 10 }],
    ['12.5 %', { kind: 'percent', percent: 12.5 }],
    ['100%', { kind: 'percent', percent: 100 }],
    ['2.50', { kind: 'flat', cents: 250 }],
    ['$5', { kind: 'flat', cents: 500 }],
    ['101%', undefined],
    ['-5', undefined],
    ['0', undefined],
    ['ten', undefined],
    ['5%%', undefined],
  ])('reduction %j → %j', (text, parsed) => {
    expect(parseReduction(text, parseMoney)).toEqual(parsed);
  });

  it('writes a reduction back as the admin typed it', () => {
    const money = (c: number) => `$${(c / 100).toFixed(2)}`;
    expect(reductionText({ kind: 'percent', percent: 10 }, money)).toBe('10%');
    expect(reductionText({ kind: 'flat', cents: 250 }, money)).toBe('$2.50');
    expect(reductionText(null, money)).toBe('');
  });
});
