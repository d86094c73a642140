/**
 * Which values the kept customer keeps in a merge: the agent picks, group by group, the kept record's
 * value or the merged one's. A group moves as a whole (a name is first and last; an address is all
 * its lines; a membership login goes with its password), so a choice never mixes two people's parts.
 */
export const MERGE_GROUPS = {
  name: { label: 'Name', columns: ['first_name', 'last_name'] },
  email: { label: 'Email', columns: ['email'] },
  phone: { label: 'Phone', columns: ['phone'] },
  billing: { label: 'Billing address', columns: address('billing') },
  shipping: { label: 'Shipping address', columns: address('shipping') },
  membership: { label: 'Membership login', columns: ['membership_login', 'membership_password_hash'] },
} as const;
export type MergeGroup = keyof typeof MERGE_GROUPS;

function address(p: 'billing' | 'shipping') {
  return ['address1', 'address2', 'city', 'state', 'postal_code', 'country'].map((part) => `${p}_${part}`);
}

type Row = Record<string, unknown>;
export interface MergeChoices {
  /** Groups whose value comes from the merged customer; every other group keeps the kept one's. */
  fromSource: MergeGroup[];
  /** Custom field names whose value comes from the merged customer. */
  customFromSource: string[];
}

/** What a group reads as on the preview: its visible columns joined (never the password hash). */
export function groupText(record: object, group: MergeGroup): string {
  const row = record as Row;
  const shown = MERGE_GROUPS[group].columns.filter((c) => c !== 'membership_password_hash');
  return shown
    .map((c) => String(row[c] ?? '').trim())
    .filter(Boolean)
    .join(group === 'name' ? ' ' : ', ');
}

/** The side-by-side rows of the preview: every group, and whether the two records differ there. */
export function choiceRows(keptRecord: object, sourceRecord: object) {
  const [kept, source] = [keptRecord as Row, sourceRecord as Row];
  return (Object.keys(MERGE_GROUPS) as MergeGroup[]).map((group) => ({
    group,
    label: MERGE_GROUPS[group].label,
    kept: groupText(kept, group),
    source: groupText(source, group),
    differs: MERGE_GROUPS[group].columns.some((c) => (kept[c] ?? null) !== (source[c] ?? null)),
  }));
}

/** The custom fields both records hold with different values: the only ones there is a choice for. */
export function customChoiceRows(kept: { name: string; value: string }[], source: { name: string; value: string }[]) {
  const keptBy = new Map(kept.map((f) => [f.name, f.value]));
  return source
    .filter((f) => keptBy.has(f.name) && keptBy.get(f.name) !== f.value)
    .map((f) => ({ name: f.name, kept: keptBy.get(f.name)!, source: f.value }));
}

/**
 * The form's answer → choices. Each group's radio is `keep_<group>` = `kept` | `source`, each custom
 * field's is `keep_custom:<name>`. Anything else is ignored; a missing answer keeps the kept customer's value.
 */
export function parseChoices(body: Record<string, unknown>): MergeChoices {
  const fromSource = (Object.keys(MERGE_GROUPS) as MergeGroup[]).filter((g) => body[`keep_${g}`] === 'source');
  const customFromSource = Object.keys(body)
    .filter((k) => k.startsWith('keep_custom:') && body[k] === 'source')
    .map((k) => k.slice('keep_custom:'.length))
    .filter((name) => name.length > 0 && name.length <= 200);
  return { fromSource, customFromSource };
}

/** The columns of the kept customer to overwrite with the merged one's values. */
export function chosenColumns(sourceRecord: object, choices: MergeChoices): Row {
  const source = sourceRecord as Row;
  return Object.fromEntries(
    choices.fromSource.flatMap((g) => MERGE_GROUPS[g].columns.map((c) => [c, source[c] ?? null] as const)),
  );
}

/** A merge is offered only between records that share an email or a phone (its digits). */
export function shareContact(
  a: { email: string | null; phone: string | null },
  b: { email: string | null; phone: string | null },
) {
  const digits = (p: string | null) => (p ?? '').replace(/\D/g, '');
  return (!!a.email && a.email === b.email) || (!!digits(a.phone) && digits(a.phone) === digits(b.phone));
}
