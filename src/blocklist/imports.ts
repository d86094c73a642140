import { parse } from 'csv-parse/sync';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';

import { entryCommand, insertEntry, invalid } from './service';

export interface ImportReport {
  imported: number;
  refused: { line: number; text: string; why: string }[];
}

/** CSV with a header `type,value,reason[,expires]`; good lines are imported, each bad one reported. */
export async function importEntries(db: Db, user: SessionUser, csv: string, today: string): Promise<ImportReport> {
  let records: string[][];
  try {
    records = parse(csv, { relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return {
      imported: 0,
      refused: [
        {
          line: line ?? 0,
          text: '',
          why: `The file is not valid CSV${line ? ` (see line ${line})` : ''}: check its quotes and commas.`,
        },
      ],
    };
  }
  const [header, ...rows] = records;
  if (header?.slice(0, 3).join(',').toLowerCase() !== 'type,value,reason') {
    return {
      imported: 0,
      refused: [
        {
          line: 1,
          text: (header ?? []).join(','),
          why: 'The first line must be the header: type,value,reason,expires',
        },
      ],
    };
  }
  const report: ImportReport = { imported: 0, refused: [] };
  await db.transaction(async (trx) => {
    for (const [i, r] of rows.entries()) {
      const parsed = entryCommand(today).safeParse({
        type: r[0],
        value: r[1] ?? '',
        reason: r[2] ?? '',
        expires: r[3] ?? '',
      });
      if (!parsed.success) {
        report.refused.push({ line: i + 2, text: r.join(','), why: parsed.error.issues[0].message });
        continue;
      }
      const entry = await insertEntry(
        trx as unknown as Db,
        user,
        parsed.data.type,
        parsed.data.value,
        parsed.data.reason,
        parsed.data.expires,
        null,
      );
      if (!entry) report.refused.push({ line: i + 2, text: r.join(','), why: invalid(parsed.data.type) });
      else if (!entry.created)
        report.refused.push({ line: i + 2, text: r.join(','), why: `Already blocked (entry #${entry.id}).` });
      else report.imported++;
    }
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'blocklist.imported',
      summary: `Imported ${report.imported} blocklist entr${report.imported === 1 ? 'y' : 'ies'} from CSV (${report.refused.length} line(s) refused)`,
    });
  });
  return report;
}
