import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { ConfigError, loadConfig } from '../config';
import { openScriptDatabase } from '../db/open';
import { systemClock } from '../lib/clock';
import { createLogger } from '../lib/logger';
import { runImport } from './run';
import { recordImport } from './service';

const USAGE = 'usage: npm run import -- FILE.csv [--dry-run]   (columns: docs/IMPORT.md)';

/**
 * npm run import -- FILE [--dry-run]: the CSV import from the shell, for files of any size, with a
 * progress bar on stderr and the report as one JSON line on stdout. Uses the app's running
 * embedded database when there is one.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { 'dry-run': { type: 'boolean' } }, allowPositionals: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new ConfigError(USAGE);
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined) throw new ConfigError(`no such file: ${file}`);
  const { db, close } = await openScriptDatabase(loadConfig(), createLogger('warn'), 2);
  const bar = new SingleBar({
    format: 'import [{bar}] {percentage}% | {value}/{total} bytes | {eta}s left',
    stream: process.stderr,
  });
  bar.start(size, 0);
  try {
    const dryRun = values['dry-run'] === true;
    const report = await runImport(db, fs.createReadStream(file), {
      dryRun,
      now: systemClock.now(),
      onProgress: (bytes) => bar.update(bytes),
    });
    bar.update(size);
    bar.stop();
    if (!dryRun) await recordImport({ db }, { kind: 'system', name: 'Import command' }, file, report);
    for (const p of report.problems.slice(0, 20)) console.error(`line ${p.line}: ${p.message}`);
    if (report.problemCount > 20) console.error(`… and ${report.problemCount - 20} more`);
    const { problems: _listed, ...summary } = report;
    console.log(JSON.stringify(summary));
  } finally {
    bar.stop();
    await close();
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? `Error: ${e.message}` : e);
  process.exit(1);
});
