import fc from 'fast-check';
import {
  canRefund,
  canVoid,
  decide,
  OPERATIONS,
  refundableCents,
  SALE_STATUSES,
  type Operation,
  type SaleState,
  type SaleStatus,
} from '../../../src/payments/states';

const sale = (status: SaleStatus, over: Partial<SaleState> = {}): SaleState => ({
  status,
  amountCents: 1000,
  refundedCents: status === 'partially_refunded' ? 300 : status === 'refunded' ? 1000 : 0,
  queuedCents: 0,
  ...over,
});

// Every status × every operation, written out: the next status, or the refusal code.
const TABLE: Record<SaleStatus, Record<Operation, string>> = {
  sending: { void: 'unknown_outcome', refund: 'unknown_outcome', settle: 'unknown_outcome' },
  pending: { void: '→ voided', refund: 'not_settled', settle: '→ settled' },
  settled: { void: 'already_settled', refund: '→ refunded', settle: 'already_settled' },
  declined: { void: 'not_charged', refund: 'not_charged', settle: 'not_charged' },
  partially_refunded: { void: 'already_settled', refund: '→ refunded', settle: 'already_settled' },
  refunded: { void: 'already_refunded', refund: 'already_refunded', settle: 'already_refunded' },
  voided: { void: 'already_voided', refund: 'already_voided', settle: 'already_voided' },
  errored: { void: 'unknown_outcome', refund: 'unknown_outcome', settle: 'unknown_outcome' },
};

describe('sale state rules', () => {
  const cells = SALE_STATUSES.flatMap((s) => OPERATIONS.map((op) => [s, op, TABLE[s][op]] as const));

  it.each(cells)('%s × %s → %s', (status, op, expected) => {
    const d = decide(op, sale(status));
    expect(d.ok ? `→ ${d.next}` : d.code).toBe(expected);
    if (!d.ok) expect(d.message.length).toBeGreaterThan(10);
  });

  it('says in words what to do instead', () => {
    expect(decide('refund', sale('pending'))).toMatchObject({
      message: 'This charge has not settled yet — void it instead.',
    });
    expect(decide('void', sale('settled'))).toMatchObject({
      message: 'This charge has already settled, so it cannot be voided — refund it instead.',
    });
  });

  it('a void is always the whole amount', () => {
    expect(decide('void', sale('pending'), 1)).toEqual({ ok: true, next: 'voided', amountCents: 1000 });
  });

  it('a refund defaults to what is left, and a partial one leaves the sale partially refunded', () => {
    expect(decide('refund', sale('settled'))).toEqual({ ok: true, next: 'refunded', amountCents: 1000 });
    expect(decide('refund', sale('settled'), 500)).toEqual({ ok: true, next: 'partially_refunded', amountCents: 500 });
    expect(decide('refund', sale('partially_refunded'), 700)).toEqual({ ok: true, next: 'refunded', amountCents: 700 });
  });

  it.each([
    [0, 'invalid_amount'],
    [-5, 'invalid_amount'],
    [1.5, 'invalid_amount'],
    [701, 'exceeds_refundable'],
  ])('refuses a refund of %p cents on a sale with $7.00 left: %s', (amount, code) => {
    expect(decide('refund', sale('partially_refunded'), amount)).toMatchObject({ ok: false, code });
  });

  it('a void in flight holds the whole pending sale: no second void, no settlement meanwhile', () => {
    const held = sale('pending', { queuedCents: 1000 });
    expect(decide('void', held)).toMatchObject({ ok: false, code: 'in_flight' });
    expect(decide('settle', held)).toMatchObject({ ok: false, code: 'in_flight' });
    expect(canVoid(sale('pending'))).toBe(true);
    expect(canVoid(held)).toBe(false);
    expect(canRefund(sale('settled', { queuedCents: 1000 }))).toBe(false);
    expect(canRefund(sale('partially_refunded'))).toBe(true);
  });

  it('counts amounts waiting in the refund queue as reserved', () => {
    const s = sale('settled', { queuedCents: 600 });
    expect(refundableCents(s)).toBe(400);
    expect(decide('refund', s, 401)).toMatchObject({
      code: 'exceeds_refundable',
      message: 'Only $4.00 can still be refunded on this charge.',
    });
    expect(decide('refund', sale('settled', { queuedCents: 1000 }))).toMatchObject({ code: 'no_refundable_amount' });
  });

  it('no sequence of refunds ever exceeds the sale amount (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.array(fc.integer({ min: -10, max: 200_000 }), { maxLength: 30 }),
        (amount, attempts) => {
          let s: SaleState = { status: 'settled', amountCents: amount, refundedCents: 0, queuedCents: 0 };
          for (const a of attempts) {
            const d = decide('refund', s, a);
            if (d.ok) s = { ...s, status: d.next, refundedCents: s.refundedCents + d.amountCents };
            expect(s.refundedCents).toBeLessThanOrEqual(amount);
            expect(s.status === 'refunded').toBe(s.refundedCents === amount);
          }
        },
      ),
    );
  });
});
