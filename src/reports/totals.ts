import { stringify } from 'csv-stringify/sync';
import type { customerServiceReport } from './customer-service';

type Row = Awaited<ReturnType<typeof customerServiceReport>>[number];

const ZERO = { refunds: 0, refundCents: 0, voids: 0, voidCents: 0, cancellations: 0, notes: 0, emails: 0 };

/** The report's bottom line: every column summed over agents and days. */
export const totalsOf = (rows: Row[]) =>
  rows.reduce(
    (t, r) => ({
      refunds: t.refunds + r.refunds,
      refundCents: t.refundCents + r.refundCents,
      voids: t.voids + r.voids,
      voidCents: t.voidCents + r.voidCents,
      cancellations: t.cancellations + r.cancellations,
      notes: t.notes + r.notes,
      emails: t.emails + r.emails,
    }),
    ZERO,
  );

const COLUMNS = ['day', 'agent', 'refunds', 'refundAmount', 'voids', 'voidAmount', 'cancellations', 'notes', 'emails'];

/** The report as CSV, amounts in dollars and cents. */
export const reportCsv = (rows: Row[]) =>
  stringify(
    rows.map((r) => ({
      ...r,
      refundAmount: (r.refundCents / 100).toFixed(2),
      voidAmount: (r.voidCents / 100).toFixed(2),
    })),
    { header: true, columns: COLUMNS },
  );
