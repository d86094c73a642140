import { z } from 'zod';
import { actorOf, recordEvent } from '../audit/record';
import type { SessionUser } from '../auth/service';
import type { Db } from '../db/knex';
import { fail, type Result } from '../lib/results';
import { checkValues, choiceLines, FIELD_KINDS, type FieldDefinition } from './custom-field-rules';
import { lockCustomer } from './queries';

export const definitionCommand = z
  .object({
    name: z.string().trim().min(1, 'Enter the name of the field.').max(60),
    kind: z.enum(FIELD_KINDS),
    choices: z
      .string()
      .optional()
      .transform((v) => choiceLines(v ?? '')),
    required: z
      .string()
      .optional()
      .transform((v) => v === '1'),
  })
  .refine((d) => d.kind !== 'choice' || d.choices.length >= 2, {
    path: ['choices'],
    message: 'A choice field needs at least two choices, one a line.',
  });

const definitions = (db: Db) =>
  db('custom_field_definitions').select('id', 'name', 'kind', 'choices', 'required', 'retired_at').orderBy('id');

/** Every field, retired ones too (the admin page). */
export const fieldDefinitions = (db: Db): Promise<FieldDefinition[]> => definitions(db);

/** The fields agents fill: a retired one is no longer offered (its values show with the others). */
export const liveFieldDefinitions = (db: Db): Promise<FieldDefinition[]> => definitions(db).whereNull('retired_at');

export async function addFieldDefinition(
  db: Db,
  user: SessionUser,
  input: z.infer<typeof definitionCommand>,
): Promise<Result<object, 'name_taken'>> {
  return db.transaction(async (trx) => {
    const [row] = await trx('custom_field_definitions').insert(input).onConflict('name').ignore().returning('id');
    if (!row)
      return fail('name_taken', 'There is already a field with this name.', {
        name: 'There is already a field with this name.',
      });
    await recordEvent(trx, {
      actor: actorOf(user),
      kind: 'custom_field.defined',
      subject: { type: 'custom_field', id: row.id },
      summary: `Defined the custom field ${input.name} (${input.kind}${input.required ? ', required' : ''})`,
      after: input,
    });
    return { ok: true as const };
  });
}

/** The tab: every defined field with this customer's value, and values captured under other names. */
export async function customFieldsTab(db: Db, customerId: number) {
  const [defs, rows] = await Promise.all([
    liveFieldDefinitions(db),
    db('customer_custom_fields').select('name', 'value').where({ customer_id: customerId }).orderBy('name'),
  ]);
  const values = Object.fromEntries(rows.map((r) => [r.name, r.value as string]));
  const defined = new Set(defs.map((d) => d.name));
  return { defs, values, others: rows.filter((r) => !defined.has(r.name)) };
}

/** Saves the tab's form: all or nothing; a field left empty is removed; the history says what changed. */
export async function saveCustomFields(
  db: Db,
  user: SessionUser,
  customerId: number,
  body: Record<string, unknown>,
): Promise<Result<object, 'invalid'>> {
  const defs = await liveFieldDefinitions(db);
  const { values, errors } = checkValues(defs, body);
  if (Object.keys(errors).length) return fail('invalid', 'Check the fields marked.', errors);
  return db.transaction(async (trx) => {
    await lockCustomer(trx, customerId);
    const rows = await trx('customer_custom_fields').select('name', 'value').where({ customer_id: customerId });
    const before = Object.fromEntries(rows.map((r) => [r.name, r.value as string]));
    const changed = Object.keys(values).filter((name) => (before[name] ?? '') !== values[name]);
    for (const name of changed) {
      const where = { customer_id: customerId, name };
      if (!values[name]) await trx('customer_custom_fields').where(where).del();
      else
        await trx('customer_custom_fields')
          .insert({ ...where, value: values[name] })
          .onConflict(['customer_id', 'name'])
          .merge();
    }
    if (changed.length)
      await recordEvent(trx, {
        actor: actorOf(user),
        kind: 'customer.custom_fields_edited',
        customerId,
        subject: { type: 'customer', id: customerId },
        summary: `Edited custom fields: ${changed.map((n) => `${n} ${before[n] || '(empty)'} → ${values[n] || '(empty)'}`).join('; ')}`,
        before: Object.fromEntries(changed.map((n) => [n, before[n] ?? null])),
        after: Object.fromEntries(changed.map((n) => [n, values[n] || null])),
      });
    return { ok: true as const };
  });
}
