import { checkValue, checkValues, choiceLines, type FieldDefinition } from '../../../src/customers/custom-field-rules';

const def = (kind: FieldDefinition['kind'], over: Partial<FieldDefinition> = {}): FieldDefinition => ({
  id: 1,
  name: 'Field',
  kind,
  choices: [],
  required: false,
  ...over,
});

describe('custom field values', () => {
  it.each([
    [def('text'), '  hello ', { value: 'hello' }],
    [def('text'), '', { value: '' }],
    [def('text', { required: true }), '  ', { error: 'Enter Field.' }],
    [def('text'), 'x'.repeat(501), { error: 'Field is too long (at most 500 characters).' }],
    [def('text'), ['a', 'b'], { value: '' }],
    [def('number'), '42', { value: '42' }],
    [def('number'), '-3.25', { value: '-3.25' }],
    [def('number'), '1e5', { error: 'Field is a number, like 12 or 3.5.' }],
    [def('number'), 'twelve', { error: 'Field is a number, like 12 or 3.5.' }],
    [def('date'), '2026-11-23', { value: '2026-11-23' }],
    [def('date'), '2026-02-30', { error: 'Field is a date like 2026-11-23.' }],
    [def('choice', { choices: ['Gold', 'Silver'] }), 'Gold', { value: 'Gold' }],
    [def('choice', { choices: ['Gold', 'Silver'] }), 'gold', { error: 'Choose one of the offered values for Field.' }],
    [def('choice', { choices: ['Gold'], required: true }), '', { error: 'Enter Field.' }],
  ])('%j with %j → %j', (d, raw, expected) => {
    expect(checkValue(d, raw)).toEqual(expected);
  });

  it('checks every field of the form at once, keyed field_<id>', () => {
    const defs = [def('number', { id: 1, name: 'Age' }), def('text', { id: 2, name: 'Nick', required: true })];
    expect(checkValues(defs, { field_1: 'x', field_2: '' })).toEqual({
      values: {},
      errors: { field_1: 'Age is a number, like 12 or 3.5.', field_2: 'Enter Nick.' },
    });
    expect(checkValues(defs, { field_1: '30', field_2: 'Al', field_9: 'ignored' })).toEqual({
      values: { Age: '30', Nick: 'Al' },
      errors: {},
    });
  });

  it('reads the choices one a line, without blanks or repeats', () => {
    expect(choiceLines(' Gold \r\n\nSilver\nGold\n')).toEqual(['Gold', 'Silver']);
  });
});
