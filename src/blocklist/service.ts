import type { Knex } from 'knex';
import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { optionalDay } from '../http/forms';
import { fail, NotFoundError, type Result } from '../lib/results';
import { ENTRY_TYPES, normalize, TYPE_LABELS, type EntryType } from './normalize';

/** `today` is the account's calendar day: an entry that expires must expire after it. */
export const entryCommand = (today: string) =>
  z.object({
    type: z.enum(ENTRY_TYPES, { message: 'Choose a type.' }),
    value: z.string().trim().min(1, 'Enter the value to block.').max(300),
    reason: z.string().trim().min(1, 'Say why, for whoever reads this later.').max(300),
    expires: optionalDay('Use a real date like 2026-12-31.').refine(
      (d) => d === undefined || d > today,
      'The expiry must be a day in the future.',
    ),
  });
type EntryInput = z.infer<ReturnType<typeof entryCommand>>;

export const active = (db: Db, now: Date) =>
  db('blocklist_entries')
    .whereNull('lifted_at')
    .where((w) => w.whereNull('expires_at').orWhere('expires_at', '>', now));

export const listEntries = (db: Db, search?: string) => {
  const q = db('blocklist_entries as b')
    .leftJoin('users as u', 'u.id', 'b.created_by')
    .select(
      'b.id',
      'b.type',
      'b.display_value',
      'b.reason',
      'b.expires_at',
      'b.created_at',
      'b.lifted_at',
      'b.customer_id',
      'u.name as created_by_name',
    )
    .whereNull('b.lifted_at')
    .orderBy('b.id', 'desc')
    .limit(200);
  if (search) q.where((w) => w.whereILike('b.display_value', `%${search}%`).orWhereILike('b.reason', `%${search}%`));
  return q;
};

type Inserted = { id: number; created: boolean; display: string } | null;

/**
 * One active entry per normalised value (a partial unique index): a value already blocked, however it
 * was typed, keeps its entry and is reported as such. null when the value cannot be of that type.
 */
export async function insertEntry(
  trx: Db,
  user: SessionUser,
  type: EntryType,
  raw: string,
  reason: string,
  expires: string | undefined,
  customerId: number | null,
): Promise<Inserted> {
  const value = normalize(type, raw);
  if (!value) return null;
  const [row] = await trx('blocklist_entries')
    .insert({
      type,
      value,
      display_value: raw.trim(),
      reason,
      expires_at: expires ?? null,
      customer_id: customerId,
      created_by: user.id,
    })
    .onConflict()
    .ignore()
    .returning('id');
  if (row) return { id: row.id, created: true, display: raw.trim() };
  const existing = await trx('blocklist_entries')
    .where({ type, value })
    .whereNull('lifted_at')
    .first('id', 'display_value');
  return { id: existing.id, created: false, display: existing.display_value };
}

export const invalid = (type: EntryType) => {
  const hint =
    type === 'ip'
      ? ' Use an IPv4 or IPv6 address, or a range like 203.0.113.0/24.'
      : type === 'country'
        ? ' Use the two-letter ISO code, like US.'
        : '';
  return `That is not a valid ${TYPE_LABELS[type].toLowerCase()}.${hint}`;
};

export async function addEntry(
  db: Db,
  user: SessionUser,
  input: EntryInput,
): Promise<Result<{ id: number }, 'invalid_value' | 'already_blocked'>> {
  return db.transaction(async (trx) => {
    const entry = await insertEntry(
      trx as unknown as Db,
      user,
      input.type,
      input.value,
      input.reason,
      input.expires,
      null,
    );
    if (!entry) return fail('invalid_value', invalid(input.type), { value: invalid(input.type) });
    if (!entry.created) {
      const text = `Already blocked: ${TYPE_LABELS[input.type].toLowerCase()} ${entry.display} (entry #${entry.id}) means the same. Nothing was added.`;
      return fail('already_blocked', text, { value: text });
    }
    const id = entry.id;
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'blocklist.added',
      subject: { type: 'blocklist_entry', id },
      summary: `Blocked ${TYPE_LABELS[input.type].toLowerCase()} ${input.value} — ${input.reason}`,
    });
    return { ok: true, id };
  });
}

export async function liftEntry(
  db: Db,
  user: SessionUser,
  id: number,
  now: Date,
): Promise<Result<object, 'already_lifted'>> {
  return db.transaction(async (trx) => {
    const entry = await trx('blocklist_entries')
      .where({ id })
      .forUpdate()
      .first('type', 'display_value', 'customer_id', 'lifted_at');
    if (!entry) throw new NotFoundError('That block');
    if (entry.lifted_at) return fail('already_lifted', 'That block had already been lifted.');
    await trx('blocklist_entries').where({ id }).update({ lifted_at: now, lifted_by: user.id });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'blocklist.lifted',
      customerId: entry.customer_id,
      subject: { type: 'blocklist_entry', id },
      summary: `Lifted the block on ${TYPE_LABELS[entry.type as EntryType].toLowerCase()} ${entry.display_value}`,
    });
    return { ok: true };
  });
}

/**
 * The active entry that blocks a charge with these facts, if any: checked before any charge reaches
 * the gateway (order entry, force bill, rebill). Expired and lifted entries do not block.
 */
export async function findBlock(db: Db, now: Date, facts: Partial<Record<EntryType, string | null | undefined>>) {
  const pairs = (Object.entries(facts) as [EntryType, string | null | undefined][])
    .map(([type, raw]) => [type, raw ? normalize(type, raw) : null] as const)
    .filter((p): p is readonly [EntryType, string] => Boolean(p[1]));
  if (!pairs.length) return null;
  return active(db, now)
    .where((w) => {
      for (const [type, value] of pairs) w.orWhere((x) => x.where({ type, value }));
    })
    .select('id', 'type', 'display_value', 'reason')
    .first();
}

/**
 * The blocklist, checked before any charge (order entry, force bill, rebill): the entry that stops
 * this charge before the gateway ("email a@b.c (Fraud)") and its reason, or null.
 */
export async function blockedBecause(
  db: Knex | Knex.Transaction,
  now: Date,
  customer: Record<string, any>,
  card: Record<string, any> | null,
): Promise<{ entry: string; reason: string } | null> {
  const block = await findBlock(db as Db, now, {
    email: customer.email,
    phone: customer.phone,
    address: customer.billing_address1,
    country: customer.billing_country,
    card_fingerprint: card?.fingerprint,
    card_bin: card?.bin,
  });
  return block
    ? {
        entry: `${TYPE_LABELS[block.type as EntryType].toLowerCase()} ${block.display_value} (${block.reason})`,
        reason: block.reason,
      }
    : null;
}
