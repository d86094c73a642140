import fc from 'fast-check';
import { decideLine, lineLeftCents } from '../../../src/payments/lines';
import { decide } from '../../../src/payments/states';

const cents = fc.integer({ min: 0, max: 1_000_000 });

describe('the per-line refund cap', () => {
  it('a line never gives back more than its price, however its refunds are split', () => {
    fc.assert(
      fc.property(cents, fc.array(fc.integer({ min: 1, max: 200_000 }), { maxLength: 20 }), (price, asks) => {
        let used = 0;
        for (const ask of asks) {
          const d = decideLine({ priceCents: price, usedCents: used }, ask);
          if (d.ok) used += d.amountCents;
          else expect(ask > price - used || price - used === 0).toBe(true);
        }
        expect(used).toBeLessThanOrEqual(price);
      }),
    );
  });

  it('a full line refund takes exactly what is left, and then nothing more is allowed', () => {
    fc.assert(
      fc.property(cents, cents, (price, used) => {
        fc.pre(used <= price);
        const d = decideLine({ priceCents: price, usedCents: used }, undefined);
        if (price === used) return expect(d).toMatchObject({ ok: false, code: 'line_refunded' });
        expect(d).toEqual({ ok: true, amountCents: price - used });
        expect(decideLine({ priceCents: price, usedCents: price }, 1)).toMatchObject({ ok: false });
      }),
    );
  });

  it('the line cap and the charge cap together: refunds of lines sharing one charge never exceed either', () => {
    const line = fc.integer({ min: 1, max: 50_000 });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(4), fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: undefined })), {
          maxLength: 25,
        }),
        (prices, asks) => {
          const amount = prices.reduce((a, b) => a + b, 0);
          const used = prices.map(() => 0);
          let refunded = 0;
          for (const [which, ask] of asks) {
            const i = which % prices.length;
            const l = decideLine({ priceCents: prices[i], usedCents: used[i] }, ask);
            if (!l.ok) continue;
            const status = refunded === 0 ? 'settled' : 'partially_refunded';
            const s = decide(
              'refund',
              { status, amountCents: amount, refundedCents: refunded, queuedCents: 0 },
              l.amountCents,
            );
            if (!s.ok) continue;
            used[i] += s.amountCents;
            refunded += s.amountCents;
          }
          for (const [i, u] of used.entries()) expect(u).toBeLessThanOrEqual(prices[i]);
          expect(refunded).toBeLessThanOrEqual(amount);
          expect(lineLeftCents({ priceCents: 5, usedCents: 9 })).toBe(0);
        },
      ),
    );
  });
});
