import fc from 'fast-check';
import { allocateCredit, creditBalance, splitCycle } from '../../../src/credits/arithmetic';
import { discountOf } from '../../../src/coupons/arithmetic';

const cents = fc.integer({ min: 0, max: 10_000_000 });
const memos = fc.array(fc.record({ id: fc.integer({ min: 1, max: 1e6 }), left_cents: cents }), { maxLength: 8 });
const terms = fc.oneof(
  fc.record({ percent_off: fc.integer({ min: 1, max: 100 }), amount_off_cents: fc.constant(null) }),
  fc.record({ percent_off: fc.constant(null), amount_off_cents: fc.integer({ min: 1, max: 10_000_000 }) }),
);

describe('credit and coupon arithmetic', () => {
  it('a use never exceeds its memo, the uses never exceed what was wanted nor the balance, and take all they can', () => {
    fc.assert(
      fc.property(memos, cents, (ms, want) => {
        const uses = allocateCredit(ms, want);
        const total = uses.reduce((s, u) => s + u.cents, 0);
        for (const u of uses) {
          expect(u.cents).toBeGreaterThan(0);
          expect(u.cents).toBeLessThanOrEqual(ms.find((m) => m.id === u.memoId)!.left_cents);
        }
        expect(total).toBeLessThanOrEqual(want);
        expect(total).toBe(Math.min(want, creditBalance(ms)));
      }),
    );
  });

  it('uses of one memo over many charges never add up to more than the memo', () => {
    fc.assert(
      fc.property(cents, fc.array(cents, { maxLength: 10 }), (amount, charges) => {
        let left = amount;
        let used = 0;
        for (const want of charges) {
          const got = allocateCredit([{ id: 1, left_cents: left }], want).reduce((s, u) => s + u.cents, 0);
          used += got;
          left -= got;
          expect(left).toBeGreaterThanOrEqual(0);
        }
        expect(used).toBeLessThanOrEqual(amount);
      }),
    );
  });

  it('a discount is never negative and never more than the price; 100% is the whole price', () => {
    fc.assert(
      fc.property(terms, cents, (t, amount) => {
        const d = discountOf(t, amount);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(amount);
        expect(Number.isInteger(d)).toBe(true);
      }),
    );
    expect(discountOf({ percent_off: 100, amount_off_cents: null }, 1999)).toBe(1999);
    expect(discountOf({ percent_off: 25, amount_off_cents: null }, 1999)).toBe(499);
    expect(discountOf({ percent_off: null, amount_off_cents: 500 }, 300)).toBe(300);
  });

  it('discount + credit + card is the price, each part between 0 and the price', () => {
    fc.assert(
      fc.property(cents, cents, cents, (amount, discount, available) => {
        const s = splitCycle(amount, discount, available);
        expect(s.discount + s.credit + s.charge).toBe(amount);
        for (const part of [s.discount, s.credit, s.charge]) {
          expect(part).toBeGreaterThanOrEqual(0);
          expect(part).toBeLessThanOrEqual(amount);
        }
        expect(s.credit).toBeLessThanOrEqual(available);
      }),
    );
  });
});
