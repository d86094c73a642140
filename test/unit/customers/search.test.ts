import { interpretQuery } from '../../../src/customers/search';
import { searchFilters } from '../../../src/customers/search-filters';

describe('the one search box', () => {
  it.each([
    ['alice@example.com', { email: 'alice@example.com' }],
    ['4242', { last4: '4242' }],
    ['K7QX2M9A', { order: 'K7QX2M9A' }],
    ['(512) 555-0101', { phone: '(512) 555-0101' }],
    ['Alice Refund', { name: 'Alice Refund' }],
    ['refundable', { name: 'refundable' }],
  ])('reads %p as %p', (q, expected) => expect(interpretQuery(q)).toEqual(expected));
});

describe('search filters', () => {
  it('drops empty values so the URL stays short', () => {
    expect(searchFilters.parse({ name: ' ', order_status: '', segment: 'leads' })).toEqual({ segment: 'leads' });
  });
  it('refuses a malformed last 4 and date with messages', () => {
    const r = searchFilters.safeParse({ last4: '12a4', from: '23/11/2026' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual([
      'Card last 4 is four digits.',
      'Use a real date like 2026-11-23.',
    ]);
  });
});
