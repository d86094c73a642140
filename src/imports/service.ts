import { Readable } from 'node:stream';
import { actorOf, type Actor, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Deps } from '../deps';
import { fail, NotFoundError, type Result } from '../lib/results';
import type { ImportReport } from './report';
import { runImport } from './run';

type Ctx = Pick<Deps, 'db' | 'clock'>;

export const recentImports = (deps: Pick<Deps, 'db'>) =>
  deps
    .db('import_files as f')
    .leftJoin('users as u', 'u.id', 'f.created_by')
    .select('f.id', 'f.filename', 'f.status', 'f.report', 'f.created_at', 'f.imported_at', 'u.name as by')
    .orderBy('f.id', 'desc')
    .limit(20);

export async function importFile(deps: Pick<Deps, 'db'>, id: number) {
  const row = await deps
    .db('import_files')
    .select('id', 'filename', 'status', 'report', 'created_at')
    .where({ id })
    .first();
  if (!row) throw new NotFoundError('That import');
  return row;
}

const wouldCreate = (r: ImportReport) => Object.values(r.created).some((n) => n > 0) || r.matched > 0;

/**
 * Step 1: the uploaded file is dry-run; when it has anything to import it is kept for the admin to
 * confirm, with the report of each line's problem. A file with nothing to import is not kept.
 */
export async function checkFile(deps: Ctx, user: SessionUser, filename: string, content: string) {
  const report = await runImport(deps.db, Readable.from([content]), { dryRun: true, now: deps.clock.now() });
  if (!wouldCreate(report)) return { ok: false as const, report };
  const [{ id }] = await deps
    .db('import_files')
    .insert({ filename, content, status: 'checked', report: JSON.stringify(report), created_by: user.id })
    .returning('id');
  return { ok: true as const, id: Number(id), report };
}

/**
 * Step 2: the confirmed file imported for real. Claimed first (checked → imported), so a second
 * click finds it taken; even a second run would import nothing twice (source ids).
 */
export async function confirmImport(
  deps: Ctx,
  user: SessionUser,
  id: number,
): Promise<Result<{ report: ImportReport }>> {
  const [claimed] = await deps
    .db('import_files')
    .where({ id, status: 'checked' })
    .update({ status: 'imported', imported_at: deps.clock.now() })
    .returning(['filename', 'content']);
  if (!claimed) {
    await importFile(deps, id);
    return fail('already_imported', 'This file was imported already.');
  }
  const report = await runImport(deps.db, Readable.from([claimed.content]), { dryRun: false, now: deps.clock.now() });
  // The file has done its job; its report stays.
  await deps
    .db('import_files')
    .where({ id })
    .update({ content: '', report: JSON.stringify(report) });
  await recordImport(deps, actorOf(user), claimed.filename, report);
  return { ok: true, report };
}

/** One event a run (never one a line: an import is history, not new activity, and sends no webhooks). */
export async function recordImport(deps: Pick<Deps, 'db'>, actor: Actor, filename: string, r: ImportReport) {
  const c = r.created;
  await recordEvent(deps.db, {
    actor,
    kind: 'import.completed',
    summary: `Imported ${filename}: ${c.customer} customers (${r.matched} matched existing ones), ${c.order} orders, ${c.item} items, ${c.charge} charges, ${c.subscription} subscriptions; ${r.skipped} lines imported before, ${r.problemCount} refused`,
    after: { created: c, matched: r.matched, skipped: r.skipped, problems: r.problemCount },
  });
}
