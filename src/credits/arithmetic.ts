/** What is left of one credit memo: its amount less its uses not given back (0 once voided). */
export interface MemoLeft {
  id: number;
  left_cents: number;
}

export interface CreditUse {
  memoId: number;
  cents: number;
}

/** The customer's available credit: what is left of each memo, added up. */
export const creditBalance = (memos: readonly MemoLeft[]): number =>
  memos.reduce((sum, m) => sum + Math.max(0, m.left_cents), 0);

/**
 * Takes `want` cents (or all there is, when short) from the memos in the order given — oldest
 * first, so the credit given earliest is spent first — one use per memo touched. A use never
 * exceeds what is left of its memo, and the uses never add up to more than `want`.
 */
export function allocateCredit(memos: readonly MemoLeft[], want: number): CreditUse[] {
  const uses: CreditUse[] = [];
  let rest = Math.max(0, want);
  for (const m of memos) {
    if (rest === 0) break;
    const cents = Math.min(rest, Math.max(0, m.left_cents));
    if (cents > 0) uses.push({ memoId: m.id, cents });
    rest -= cents;
  }
  return uses;
}

/** How a cycle is paid: the coupon's discount first, then store credit, the rest on the card. */
export function splitCycle(amount: number, discount: number, available: number) {
  const off = Math.min(Math.max(0, discount), Math.max(0, amount));
  const credit = Math.min(Math.max(0, available), amount - off);
  return { discount: off, credit, charge: amount - off - credit };
}
