import crypto from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { fail, NotFoundError, type Result } from '../lib/results';

/** What a key may do, one scope per kind of call (docs/API.md lists the endpoints of each). */
export const SCOPES = [
  'customers:read',
  'customers:write',
  'orders:read',
  'orders:write',
  'transactions:read',
  'transactions:refund',
  'transactions:void',
  'fulfillments:write',
  'purchases:read',
  'purchases:write',
] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  scopes: Scope[];
  allowed_cidrs: string[];
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/**
 * A key is 32 random bytes, so it cannot be guessed or brute-forced from its hash: a fast sha256 is
 * enough (a slow password hash protects low-entropy secrets), and it lets a request find its key by
 * an indexed lookup instead of trying a slow hash against every key.
 */
export const hashKey = (key: string) => crypto.createHash('sha256').update(key).digest('hex');
const newKey = () => `cdk_${crypto.randomBytes(32).toString('base64url')}`;

/** A range, or one address kept as its /32 or /128 range. */
const cidr = z
  .string()
  .trim()
  .refine((v) => ipaddr.isValidCIDR(v) || ipaddr.isValid(v), 'Enter addresses like 203.0.113.0/24 or 2001:db8::1.')
  .transform((v) => (v.includes('/') ? v : `${v}/${v.includes(':') ? 128 : 32}`));

export const newKeyCommand = z.object({
  name: z.string().trim().min(1, 'Name the key after the system that uses it.').max(100),
  scopes: z
    .array(z.enum(SCOPES, { message: 'Choose scopes from the list.' }))
    .min(1, 'Choose at least one scope.')
    .transform((s) => [...new Set(s)]),
  allowed_cidrs: z.array(cidr).max(50).default([]),
});

/** Creates a key and returns it: the only moment it exists in clear, only its hash is kept. */
export async function createApiKey(
  db: Db,
  by: SessionUser | null,
  input: z.infer<typeof newKeyCommand>,
): Promise<{ id: number; key: string }> {
  const key = newKey();
  return db.transaction(async (trx) => {
    const [row] = await trx('api_keys')
      .insert({
        name: input.name,
        prefix: key.slice(0, 12),
        key_hash: hashKey(key),
        scopes: input.scopes,
        allowed_cidrs: input.allowed_cidrs,
        created_by: by?.id ?? null,
      })
      .returning('id');
    await recordEvent(trx, {
      actor: by ? actorOf(by) : { kind: 'system', name: 'Command line' },
      kind: 'api_key.created',
      subject: { type: 'api_key', id: row.id },
      summary: `Created the API key “${input.name}” (${input.scopes.join(', ')})`,
      after: { scopes: input.scopes, allowed_cidrs: input.allowed_cidrs },
    });
    return { id: row.id as number, key };
  });
}

export async function revokeApiKey(
  db: Db,
  by: SessionUser,
  id: number,
  now: Date,
): Promise<Result<{ name: string }, 'revoked'>> {
  return db.transaction(async (trx) => {
    const row = await trx('api_keys').where({ id }).forUpdate().first();
    if (!row) throw new NotFoundError('That API key');
    if (row.revoked_at) return fail('revoked', `The key “${row.name}” was already revoked.`);
    await trx('api_keys').where({ id }).update({ revoked_at: now });
    await recordEvent(trx, {
      actor: actorOf(by),
      kind: 'api_key.revoked',
      subject: { type: 'api_key', id },
      summary: `Revoked the API key “${row.name}”`,
    });
    return { ok: true, name: row.name };
  });
}

export const listApiKeys = (db: Db) =>
  db('api_keys')
    .select('id', 'name', 'prefix', 'scopes', 'allowed_cidrs', 'created_at', 'last_used_at', 'revoked_at')
    .orderByRaw('revoked_at IS NOT NULL, name');

/** The live key a bearer token names, or undefined. */
export const keyByToken = (db: Db, token: string): Promise<ApiKeyRow | undefined> =>
  db('api_keys')
    .where({ key_hash: hashKey(token) })
    .whereNull('revoked_at')
    .first('id', 'name', 'prefix', 'scopes', 'allowed_cidrs', 'last_used_at', 'revoked_at');

/** Last used, to the minute: a busy key writes its row once a minute, not on every call. */
export const touchKey = (db: Db, key: ApiKeyRow, now: Date) =>
  key.last_used_at && now.getTime() - new Date(key.last_used_at).getTime() < 60_000
    ? Promise.resolve()
    : db('api_keys')
        .where({ id: key.id })
        .update({ last_used_at: now })
        .then(() => undefined);

/** Whether a caller's address is in the key's list (an empty list allows every address). */
export function addressAllowed(key: ApiKeyRow, ip: string): boolean {
  if (!key.allowed_cidrs.length) return true;
  if (!ipaddr.isValid(ip)) return false;
  const addr = ipaddr.process(ip);
  return key.allowed_cidrs.some((c) => {
    const [range, bits] = ipaddr.parseCIDR(c);
    return range.kind() === addr.kind() && addr.match(range, bits);
  });
}
