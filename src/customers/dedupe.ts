import type { Knex } from 'knex';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { fail, type FieldErrors, type Result } from '../lib/results';
import { BLOCKS, type Block } from './commands';
import { customerById, type CustomerRow, customersByEmailOrPhone } from './queries';
import { createCustomer, editCustomerBlock } from './service';

/** A customer's fields by column (first_name, email, billing_city …), as an import or the API sends them. */
export type CustomerFields = Record<string, string | null | undefined>;

const digits = (v: string | null | undefined) => (v ?? '').replace(/\D/g, '') || null;

/** What the dedupe rule looks at. */
export interface Contact {
  email?: string | null;
  phone?: string | null;
  first_name?: string | null;
  last_name?: string | null;
}

/** The keys under which two contacts are the same person: the email, or the phone digits with the name. */
export function sameCustomerKeys(c: Contact): string[] {
  const d = digits(c.phone);
  const name = `${(c.first_name ?? '').toLowerCase()}|${(c.last_name ?? '').toLowerCase()}`;
  const email = c.email?.trim().toLowerCase();
  return [...(email ? [`e:${email}`] : []), ...(d ? [`p:${d}|${name}`] : [])];
}

/**
 * The dedupe rule of an import (the API's POST /customers and the CSV import): the same email, or the
 * same phone digits with the same first and last name (case-insensitive), is the same person. For each
 * contact, the oldest existing customer it matches, or null; one query for the whole batch.
 */
export async function matchExistingCustomers(db: Knex, contacts: Contact[]): Promise<(number | null)[]> {
  const emails = contacts.flatMap((c) => c.email?.trim().toLowerCase() || []);
  const phones = contacts.flatMap((c) => digits(c.phone) ?? []);
  if (!emails.length && !phones.length) return contacts.map(() => null);
  const byKey = new Map<string, number>();
  for (const r of await customersByEmailOrPhone(db, emails, phones)) {
    const keys = sameCustomerKeys({ email: r.email, phone: r.phone_digits, first_name: r.first, last_name: r.last });
    for (const k of keys) if (!byKey.has(k)) byKey.set(k, Number(r.id));
  }
  return contacts.map((c) => {
    const ids = sameCustomerKeys(c).flatMap((k) => byKey.get(k) ?? []);
    return ids.length ? Math.min(...ids) : null;
  });
}

/** One contact's existing customer by the rule above. */
export async function findDuplicate(db: Db, c: CustomerFields): Promise<{ id: number } | undefined> {
  const [id] = await matchExistingCustomers(db, [c]);
  return id === null ? undefined : { id };
}

const blockOf = (field: string): Block | null =>
  (Object.keys(BLOCKS) as Block[]).find((b) => Object.hasOwn(BLOCKS[b].shape, field)) ?? null;

/** Each block's command run on the record's current values with the given ones laid over them. */
function validBlocks(current: CustomerFields, given: CustomerFields): Result<{ blocks: Map<Block, object> }> {
  const touched = new Set(
    Object.keys(given)
      .map(blockOf)
      .filter((b): b is Block => b !== null),
  );
  const blocks = new Map<Block, object>();
  const fields: FieldErrors = {};
  for (const block of touched) {
    const keys = Object.keys(BLOCKS[block].shape);
    const merged = Object.fromEntries(keys.map((k) => [k, (k in given ? given[k] : current[k]) ?? undefined]));
    const parsed = BLOCKS[block].safeParse(merged);
    if (parsed.success) blocks.set(block, parsed.data);
    else for (const i of parsed.error.issues) fields[String(i.path[0] ?? block)] ??= i.message;
  }
  return Object.keys(fields).length
    ? fail('validation_failed', 'Some fields are not valid.', fields)
    : { ok: true, blocks };
}

const asFields = (row: CustomerRow | undefined): CustomerFields =>
  Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)]));

/**
 * Changes the given fields of a customer through the profile's own block edits (same rules, same
 * events); blocks not mentioned are left alone. Each block is saved against the version just read.
 */
export async function patchCustomer(
  db: Db,
  user: SessionUser,
  id: number,
  given: CustomerFields,
): Promise<Result<{ customer: CustomerRow }>> {
  const current = await customerById(db, id);
  const valid = validBlocks(asFields(current), given);
  if (!valid.ok || !current) return valid.ok ? fail('not_found', 'That customer was not found.') : valid;
  let customer = current;
  for (const [block, input] of valid.blocks) {
    const result = await editCustomerBlock(db, user, id, block, input as Record<string, unknown>, version(customer));
    if (!result.ok) return result;
    customer = result.customer;
  }
  return { ok: true, customer };
}

const version = (c: CustomerRow) => new Date(c.updated_at).toISOString();

/**
 * Creates a customer (a lead until a payment succeeds) or, when the dedupe rule finds one, updates it.
 * An advisory lock on the email and the phone digits makes two concurrent imports of one person
 * create one record.
 */
export async function saveCustomer(
  db: Db,
  user: SessionUser,
  given: CustomerFields,
): Promise<Result<{ customer: CustomerRow; created: boolean }>> {
  const valid = validBlocks({}, given);
  if (!valid.ok) return valid;
  const found = await db.transaction(async (trx) => {
    const locks = [given.email?.trim().toLowerCase(), digits(given.phone)]
      .filter((l): l is string => Boolean(l))
      .sort();
    for (const l of locks) await trx.raw("SELECT pg_advisory_xact_lock(hashtext('customer:' || ?))", [l]);
    const dup = await findDuplicate(trx as unknown as Db, given);
    if (dup) return { id: dup.id, created: false };
    const fields = Object.assign({}, ...valid.blocks.values());
    return { id: await createCustomer(trx as unknown as Db, user, fields), created: true };
  });
  if (found.created) return { ok: true, customer: (await customerById(db, found.id))!, created: true };
  const patched = await patchCustomer(db, user, found.id, given);
  return patched.ok ? { ...patched, created: false } : patched;
}
