import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Knex } from 'knex';
import { importCharges } from './charges';
import { COLUMNS, type ImportLine, parseLine, RECORD_TYPES, type RecordType } from './columns';
import { importCustomers } from './customers';
import { knownIds } from './queries';
import { importItems, importOrders, importSubscriptions } from './records';
import { emptyReport, type ImportReport, type Numbered, problem } from './report';

const BATCH = 1000;
// Imports never interleave their batches: the source-id check and the insert stay one step.
const IMPORT_LOCK = 7_310_001;

export interface RunOptions {
  dryRun: boolean;
  now: Date;
  /** Called after each batch with the bytes read so far (the command line's progress bar). */
  onProgress?: (bytes: number) => void;
}

export class ImportFileError extends Error {}

function checkHeader(header: string[]): string[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((h) => !(COLUMNS as readonly string[]).includes(h));
  if (unknown.length) throw new ImportFileError(`Unknown column(s): ${unknown.join(', ')} (see docs/IMPORT.md).`);
  if (!names.includes('record') || !names.includes('source_id'))
    throw new ImportFileError('The first line must be the header, with at least the columns record and source_id.');
  return names;
}

/**
 * Reads a CSV stream in batches of 1000 lines (constant memory at any size) and imports each batch
 * in its own transaction, so a stopped run keeps what it did and the next run skips it by source
 * id. A dry run does the same inside one transaction that is rolled back: later lines still see
 * earlier ones, and the report is exactly what the real run would do.
 */
export async function runImport(db: Knex, input: Readable, options: RunOptions): Promise<ImportReport> {
  const report = emptyReport(options.dryRun);
  // Opened before the parser starts reading, so its first error already has a listener.
  const dry = options.dryRun ? await db.transaction() : null;
  const parser = input.pipe(
    parse({
      bom: true,
      columns: checkHeader,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      info: true,
      on_skip: (err) => {
        if (err) problem(report, Number(err.lines), `the line could not be read as CSV (${err.message})`);
      },
    }),
  );
  input.on('error', (err) => parser.destroy(err));
  const inTransaction = (fn: (trx: Knex.Transaction) => Promise<void>) =>
    dry ? fn(dry) : db.transaction(async (trx) => fn(trx));
  let batch: Numbered<Record<string, string>>[] = [];
  const flush = async (bytes: number) => {
    const lines = batch;
    batch = [];
    await inTransaction(async (trx) => {
      await trx.raw('SELECT pg_advisory_xact_lock(?)', [IMPORT_LOCK]);
      await importBatch(trx, options.now, lines, report);
    });
    options.onProgress?.(bytes);
  };
  try {
    let bytes = 0;
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number; bytes: number };
    }>) {
      report.lines++;
      bytes = info.bytes;
      batch.push({ n: info.lines, line: record });
      if (batch.length === BATCH) await flush(bytes);
    }
    if (batch.length) await flush(bytes);
  } catch (err) {
    const e = err as Error & { code?: string };
    if (err instanceof ImportFileError || e.code?.startsWith('CSV_')) problem(report, 1, e.message);
    else throw err;
  } finally {
    await dry?.rollback();
  }
  report.problems.sort((a, b) => a.line - b.line);
  return report;
}

async function importBatch(trx: Knex, now: Date, raw: Numbered<Record<string, string>>[], report: ImportReport) {
  const byType = new Map<RecordType, Numbered<ImportLine>[]>(RECORD_TYPES.map((t) => [t, []]));
  for (const r of raw) {
    const parsed = parseLine(r.line);
    if (parsed.ok) byType.get(parsed.line.record)!.push({ n: r.n, line: parsed.line });
    else problem(report, r.n, parsed.message);
  }
  // Parents before children: a batch's orders may belong to its own customers, and so on.
  for (const type of RECORD_TYPES) {
    const rows = await newLines(trx, type, byType.get(type)!, report);
    if (!rows.length) continue;
    if (type === 'customer') await importCustomers(trx, now, rows as never, report);
    if (type === 'order') await importOrders(trx, now, rows as never, report);
    if (type === 'item') await importItems(trx, rows as never, report);
    if (type === 'charge') await importCharges(trx, now, rows as never, report);
    if (type === 'subscription') await importSubscriptions(trx, now, rows as never, report);
  }
}

/** Lines whose source id was not imported before (nor earlier in this batch). */
async function newLines(trx: Knex, type: RecordType, rows: Numbered<ImportLine>[], report: ImportReport) {
  const known = await knownIds(
    trx,
    type,
    rows.map((r) => r.line.source_id),
  );
  const seen = new Set<string>();
  return rows.filter((r) => {
    const id = r.line.source_id;
    if (known.has(id) || seen.has(id)) {
      report.skipped++;
      return false;
    }
    seen.add(id);
    return true;
  });
}
