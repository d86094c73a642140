import type { RecordType } from './columns';

/** What a run did (or, dry, would do): counts by record, and each refused line's reason. */
export interface ImportReport {
  dryRun: boolean;
  lines: number;
  created: Record<RecordType, number>;
  /** Customer lines that matched an existing customer (same email, or same phone and name). */
  matched: number;
  /** Lines whose source id was imported before. */
  skipped: number;
  problemCount: number;
  /** The first problems, by line number; problemCount says how many there were. */
  problems: { line: number; message: string }[];
}

const KEPT_PROBLEMS = 500;

export const emptyReport = (dryRun: boolean): ImportReport => ({
  dryRun,
  lines: 0,
  created: { customer: 0, order: 0, item: 0, charge: 0, subscription: 0 },
  matched: 0,
  skipped: 0,
  problemCount: 0,
  problems: [],
});

export function problem(report: ImportReport, line: number, message: string): void {
  report.problemCount++;
  if (report.problems.length < KEPT_PROBLEMS) report.problems.push({ line, message });
}

/** One line of a batch: its number in the file and what it says. */
export interface Numbered<T> {
  n: number;
  line: T;
}
