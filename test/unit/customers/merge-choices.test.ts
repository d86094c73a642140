import {
  choiceRows,
  chosenColumns,
  customChoiceRows,
  groupText,
  MERGE_GROUPS,
  parseChoices,
  shareContact,
} from '../../../src/customers/merge-choices';

const kept = {
  first_name: 'Morgan',
  last_name: 'Merge',
  email: 'm@example.com',
  phone: '(602) 555-0107',
  billing_address1: '1 Main St',
  billing_city: 'Phoenix',
  membership_login: 'morgan',
  membership_password_hash: 'scrypt$kept',
};
const source = {
  ...kept,
  first_name: 'Morgana',
  phone: '602.555.0107',
  billing_address1: '9 Side Rd',
  billing_city: 'Tempe',
  membership_login: 'morgana',
  membership_password_hash: 'scrypt$source',
};

describe('merge choices', () => {
  it('offers a merge only when an email or the phone digits match', () => {
    expect(shareContact(kept, source)).toBe(true);
    expect(
      shareContact({ email: null, phone: '602 555 0107' }, { email: 'x@example.com', phone: '(602) 5550107' }),
    ).toBe(true);
    expect(shareContact({ email: 'a@example.com', phone: null }, { email: 'b@example.com', phone: null })).toBe(false);
    expect(shareContact({ email: null, phone: null }, { email: null, phone: null })).toBe(false);
    expect(shareContact({ email: null, phone: '--' }, { email: null, phone: '()' })).toBe(false);
  });

  it('shows each group side by side, never the password hash, and says where they differ', () => {
    const rows = choiceRows(kept, source);
    expect(rows.map((r) => r.group)).toEqual(Object.keys(MERGE_GROUPS));
    expect(rows.find((r) => r.group === 'name')).toMatchObject({
      kept: 'Morgan Merge',
      source: 'Morgana Merge',
      differs: true,
    });
    expect(rows.find((r) => r.group === 'email')).toMatchObject({ differs: false });
    expect(rows.find((r) => r.group === 'billing')).toMatchObject({
      kept: '1 Main St, Phoenix',
      source: '9 Side Rd, Tempe',
    });
    expect(rows.find((r) => r.group === 'shipping')).toMatchObject({ kept: '', differs: false });
    expect(groupText(source, 'membership')).toBe('morgana');
  });

  it('reads the radios: only "source" answers take the merged value; unknown keys are ignored', () => {
    expect(
      parseChoices({
        keep_name: 'source',
        keep_email: 'kept',
        keep_billing: 'source',
        keep_credit: 'source',
        'keep_custom:Colour': 'source',
        'keep_custom:Size': 'kept',
        'keep_custom:': 'source',
      }),
    ).toEqual({ fromSource: ['name', 'billing'], customFromSource: ['Colour'] });
    expect(parseChoices({})).toEqual({ fromSource: [], customFromSource: [] });
  });

  it('takes whole groups: the name both parts, the address every line, the login with its password', () => {
    expect(chosenColumns(source, { fromSource: ['name', 'membership'], customFromSource: [] })).toEqual({
      first_name: 'Morgana',
      last_name: 'Merge',
      membership_login: 'morgana',
      membership_password_hash: 'scrypt$source',
    });
    const billing = chosenColumns(source, { fromSource: ['billing'], customFromSource: [] });
    expect(Object.keys(billing)).toHaveLength(6);
    expect(billing).toMatchObject({ billing_address1: '9 Side Rd', billing_city: 'Tempe', billing_state: null });
    expect(chosenColumns(source, { fromSource: [], customFromSource: ['x'] })).toEqual({});
  });

  it('offers a custom field choice only where both hold different values', () => {
    expect(
      customChoiceRows(
        [
          { name: 'Colour', value: 'red' },
          { name: 'Size', value: 'M' },
        ],
        [
          { name: 'Colour', value: 'blue' },
          { name: 'Size', value: 'M' },
          { name: 'Shoe', value: '42' },
        ],
      ),
    ).toEqual([{ name: 'Colour', kept: 'red', source: 'blue' }]);
  });
});
