import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import { can } from '../auth/permissions';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { fail, NotFoundError, type Result } from '../lib/results';
import { type SearchFilters, searchFilters } from './search-filters';

/** A saved segment: a name for a set of search filters, private to its owner or shared with everyone. */
export interface Segment {
  id: number;
  name: string;
  filters: SearchFilters;
  shared: boolean;
  user_id: number | null;
  owner_name: string | null;
}

export const segmentName = z.object({
  segment_name: z.string().trim().min(1, 'Name the segment.').max(80, 'A segment name has at most 80 characters.'),
});
export const newSegment = segmentName.extend({ shared: z.literal('1').optional().transform(Boolean) });

/** The filters worth keeping: those set, without the paging cursor. */
export function keptFilters(f: SearchFilters): SearchFilters {
  return Object.fromEntries(Object.entries(f).filter(([k, v]) => k !== 'after' && v !== undefined)) as SearchFilters;
}

/** The search URL a segment opens (its shareable address is /segments/:id, which leads here). */
export const searchUrl = (f: SearchFilters) =>
  `/customers?${new URLSearchParams(Object.entries(f).map(([k, v]) => [k, String(v)]))}`;

/** Who may rename or delete a segment: its owner, or whoever may manage every segment (admins). */
export const mayChange = (user: SessionUser, s: Pick<Segment, 'user_id'>) =>
  s.user_id === user.id || can(user.role, 'segments:manage_any');

const visible = (db: Db, user: SessionUser) =>
  db('saved_segments as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .select('s.id', 's.name', 's.filters', 's.shared', 's.user_id', 'u.name as owner_name')
    .where((w) => w.where('s.user_id', user.id).orWhere('s.shared', true))
    .orderByRaw('lower(s.name), s.id');

/** The segments this user sees: their own and the shared ones, by name. */
export const segmentsFor = (db: Db, user: SessionUser): Promise<Segment[]> => visible(db, user);

/** One segment this user may see; a private segment of someone else is "not found", never "forbidden". */
export async function visibleSegment(db: Db, user: SessionUser, id: number): Promise<Segment> {
  const [row]: Segment[] = await visible(db, user).where('s.id', id);
  if (!row) throw new NotFoundError('That segment');
  return row;
}

export async function saveSegment(
  db: Db,
  user: SessionUser,
  input: z.infer<typeof newSegment>,
  query: unknown,
): Promise<Result<{ id: number }>> {
  const parsed = searchFilters.safeParse(query);
  const filters = parsed.success ? keptFilters(parsed.data) : {};
  if (!Object.keys(filters).length)
    return fail('no_filters', 'Fill at least one search filter before saving it as a segment.');
  return db.transaction(async (trx) => {
    const [row] = await trx('saved_segments')
      .insert({ name: input.segment_name, filters: JSON.stringify(filters), shared: input.shared, user_id: user.id })
      .returning('id');
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'segment.saved',
      subject: { type: 'segment', id: row.id },
      summary: `Saved the ${input.shared ? 'shared' : 'private'} segment "${input.segment_name}"`,
      after: { name: input.segment_name, shared: input.shared, filters },
    });
    return { ok: true, id: row.id };
  });
}

/** Renames or deletes (`name` null) a segment, locked, after checking who may. */
export async function changeSegment(
  db: Db,
  user: SessionUser,
  id: number,
  name: string | null,
): Promise<Result<object>> {
  return db.transaction(async (trx) => {
    const row = await trx('saved_segments').select('id', 'name', 'user_id', 'shared').where({ id }).forUpdate().first();
    if (!row || (!row.shared && row.user_id !== user.id)) throw new NotFoundError('That segment');
    if (!mayChange(user, row)) return fail('not_owner', 'Only its owner or an admin may change this segment.');
    if (name === null) await trx('saved_segments').where({ id }).del();
    else await trx('saved_segments').where({ id }).update({ name, updated_at: trx.fn.now() });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: name === null ? 'segment.deleted' : 'segment.renamed',
      subject: { type: 'segment', id },
      summary: name === null ? `Deleted the segment "${row.name}"` : `Renamed the segment "${row.name}" to "${name}"`,
      before: { name: row.name },
      after: name === null ? undefined : { name },
    });
    return { ok: true };
  });
}
