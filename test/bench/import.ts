/**
 * npm run bench:import — the CSV import at 10,000 and 100,000 lines on the configured database
 * (DATA_DIR or DATABASE_URL): time, lines a second and the peak heap and RSS above the start of
 * each run, and the heap still held after a full collection at the end of each batch (constant
 * memory: alike at 10,000 and 100,000 lines), then the 100,000-line file again
 * (idempotency: nothing created, every line skipped). Ends with one JSON line.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { openScriptDatabase } from '../../src/db/open';
import { runImport } from '../../src/imports/run';
import { createLogger } from '../../src/lib/logger';
import type { Knex } from 'knex';
import { customerLines, importCsv } from '../support/import-csv';

const MB = 1024 * 1024;

/** A file of `lines` lines (5 a customer), written in chunks so the generator stays small too. */
function writeFile(lines: number, prefix: string): string {
  const file = path.join(os.tmpdir(), `import-bench-${prefix}.csv`);
  const fd = fs.openSync(file, 'w');
  for (let c = 0; c < lines / 5; c += 1000) {
    const rows = Array.from({ length: Math.min(1000, lines / 5 - c) }, (_, i) => customerLines(c + i)).flat();
    const text = importCsv(
      rows.map((r) => ({
        ...r,
        source_id: `${prefix}${r.source_id}`,
        customer_id: r.customer_id && `${prefix}${r.customer_id}`,
        order_id: r.order_id && `${prefix}${r.order_id}`,
        email: r.email?.replace('@', `.${prefix}@`) ?? '',
      })),
    );
    fs.writeSync(fd, c === 0 ? text : text.slice(text.indexOf('\n') + 1));
  }
  fs.closeSync(fd);
  return file;
}

async function measure(db: Knex, file: string) {
  global.gc?.();
  const base = process.memoryUsage();
  const peak = { heap: base.heapUsed, rss: base.rss };
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak.heap = Math.max(peak.heap, m.heapUsed);
    peak.rss = Math.max(peak.rss, m.rss);
  }, 50);
  // The heap that survives a full collection after each batch: what the import holds on to.
  let retained = 0;
  const onProgress = () => {
    global.gc?.();
    retained = Math.max(retained, process.memoryUsage().heapUsed - base.heapUsed);
  };
  const t0 = performance.now();
  const report = await runImport(db, fs.createReadStream(file), { dryRun: false, now: new Date(), onProgress });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  return {
    lines: report.lines,
    seconds: Number(seconds.toFixed(1)),
    linesPerSecond: Math.round(report.lines / seconds),
    retainedHeapAboveStartMB: global.gc ? Number((retained / MB).toFixed(1)) : null,
    peakHeapAboveStartMB: Number(((peak.heap - base.heapUsed) / MB).toFixed(1)),
    peakRssAboveStartMB: Number(((peak.rss - base.rss) / MB).toFixed(1)),
    created: report.created,
    skipped: report.skipped,
    problems: report.problemCount,
  };
}

async function main() {
  const { db, close } = await openScriptDatabase(loadConfig(), createLogger('warn'), 2);
  try {
    for (const [sku, kind] of [
      ['EYE-CREAM', 'one_time'],
      ['GLOW-SERUM', 'continuity'],
    ]) {
      const [p] = await db('products')
        .insert({ sku, name: sku, kind })
        .onConflict('sku')
        .merge(['sku'])
        .returning('id');
      await db('product_options')
        .insert({ product_id: p.id, sku: `${sku}-1`, name: 'Bench', price_cents: 100 })
        .onConflict('sku')
        .ignore();
    }
    const run = crypto.randomBytes(3).toString('hex');
    const small = writeFile(10_000, `s${run}-`);
    const large = writeFile(100_000, `l${run}-`);
    const result = {
      bench: 'import',
      small: await measure(db, small),
      large: await measure(db, large),
      again: await measure(db, large),
    };
    console.log(JSON.stringify(result));
  } finally {
    await close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
