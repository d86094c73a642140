import crypto from 'node:crypto';
import fc from 'fast-check';
import { addressProblem, drawFrom, holdReasons, nearMatch } from '../../../src/qa/rules';

const address = (p: string, a: Record<string, string>) =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [`${p}_${k}`, v]));
const good = { address1: '1 Main St', city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US' };

describe('the address a parcel goes to', () => {
  it('passes a complete address, and no address at all', () => {
    expect(addressProblem(address('billing', good))).toBeNull();
    expect(addressProblem({})).toBeNull();
  });

  it.each([
    [{ ...good, city: '' }, 'no city'],
    [{ ...good, address1: ' ', postal_code: '' }, 'no street, postal code'],
    [{ ...good, postal_code: '6270' }, 'postal code 6270 is not a US one (like 12345 or 12345-6789)'],
    [{ ...good, state: '' }, 'no two-letter US state'],
    [{ ...good, state: 'Illinois' }, 'no two-letter US state'],
    [{ ...good, country: 'GB', state: '', postal_code: '12345' }, 'postal code 12345 is not a GB one (like SW1A 1AA)'],
  ])('finds what is wrong with %p', (a, problem) => expect(addressProblem(address('billing', a))).toBe(problem));

  it('reads the shipping address when any part of it is given, else the billing one', () => {
    const billing = address('billing', good);
    expect(addressProblem({ ...billing, shipping_city: 'Elsewhere' })).toBe('no street, postal code, country');
    expect(
      addressProblem({
        ...billing,
        ...address('shipping', { ...good, country: 'CA', state: 'ON', postal_code: 'K1A 0B1' }),
      }),
    ).toBeNull();
  });
});

describe('a near match to the blocklist', () => {
  const entries = [
    { type: 'email', value: 'john.smith@example.com', display_value: 'John.Smith@example.com' },
    { type: 'phone', value: '5551234567', display_value: '(555) 123-4567' },
    { type: 'email', value: 'bo@x.com', display_value: 'bo@x.com' },
  ];
  it.each([
    ['johnsmith@example.com', 'John.Smith@example.com'],
    ['john.smith+shop@example.com', 'John.Smith@example.com'],
    ['John.Smith@other.net', 'John.Smith@example.com'],
    ['john.smith@example.com', null], // the exact value: the blocklist itself declines it
    ['johnsmyth@example.com', null],
    ['bo@y.com', null], // a local part under 4 characters says too little
  ])('email %s → %p', (email, near) => expect(nearMatch({ email }, entries)).toBe(near));

  it.each([
    ['555-123-4568', '(555) 123-4567'],
    ['+1 555 123 4568', '(555) 123-4567'],
    ['555-123-4567', null],
    ['555-123-4500', null],
    ['55512345678', null],
  ])('phone %s → %p', (phone, near) => expect(nearMatch({ phone }, entries)).toBe(near));
});

describe('the reasons to hold', () => {
  it('lists each rule that applies, in order', () => {
    expect(
      holdReasons({
        externalPayment: true,
        addressProblem: 'no city',
        nearMatch: 'x@y.com',
        samplePercent: 0,
        sampleDraw: 0,
      }).map((r) => r.code),
    ).toEqual(['external_payment', 'address', 'blocklist_near_match']);
    expect(
      holdReasons({ externalPayment: false, addressProblem: null, nearMatch: null, samplePercent: 0, sampleDraw: 0 }),
    ).toEqual([]);
  });

  it('samples exactly the percentage: a draw below it is held', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (pct, draw) => {
          const held = holdReasons({
            externalPayment: false,
            addressProblem: null,
            nearMatch: null,
            samplePercent: pct,
            sampleDraw: draw,
          });
          expect(held.length === 1).toBe(draw * 100 < pct);
        },
      ),
    );
  });

  it('draws the same number for the same order, spread over [0, 1)', () => {
    const sha = (s: string) => crypto.createHash('sha256').update(s).digest();
    expect(drawFrom('A1B2C3', sha)).toBe(drawFrom('A1B2C3', sha));
    const draws = Array.from({ length: 2000 }, (_, i) => drawFrom(`ORDER${i}`, sha));
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    expect(draws.filter((d) => d < 0.1).length).toBeGreaterThan(140);
    expect(draws.filter((d) => d < 0.1).length).toBeLessThan(260);
  });
});
