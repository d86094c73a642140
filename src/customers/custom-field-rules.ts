import { isCalendarDay } from '../http/forms';

/** What an admin defines: the agents fill these on the profile's Custom fields tab. */
export const FIELD_KINDS = ['text', 'number', 'date', 'choice'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];
export interface FieldDefinition {
  id: number;
  name: string;
  kind: FieldKind;
  choices: string[];
  required: boolean;
  retired_at?: Date | null;
}

/** One typed value checked against its definition: the value to store ('' = none) or the sentence why not. */
export function checkValue(def: FieldDefinition, raw: unknown): { value: string } | { error: string } {
  const v = typeof raw === 'string' ? raw.trim() : '';
  if (!v) return def.required ? { error: `Enter ${def.name}.` } : { value: '' };
  if (v.length > 500) return { error: `${def.name} is too long (at most 500 characters).` };
  if (def.kind === 'number' && !/^-?\d{1,12}(\.\d{1,4})?$/.test(v))
    return { error: `${def.name} is a number, like 12 or 3.5.` };
  if (def.kind === 'date' && !isCalendarDay(v)) return { error: `${def.name} is a date like 2026-11-23.` };
  if (def.kind === 'choice' && !def.choices.includes(v))
    return { error: `Choose one of the offered values for ${def.name}.` };
  return { value: v };
}

/**
 * The profile form (`field_<id>` per definition) → the values to store, or the errors by field name.
 * Every definition is checked, so one submit reports every mistake.
 */
export function checkValues(defs: readonly FieldDefinition[], body: Record<string, unknown>) {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const def of defs) {
    const r = checkValue(def, body[`field_${def.id}`]);
    if ('error' in r) errors[`field_${def.id}`] = r.error;
    else values[def.name] = r.value;
  }
  return { values, errors };
}

/** The admin's choices, one a line, trimmed, without blanks or repeats. */
export function choiceLines(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
}
