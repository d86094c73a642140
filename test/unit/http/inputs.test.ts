import { z } from 'zod';
import { answerFor as describeError } from '../../../src/http/errors';
import { fieldErrors, isCalendarDay } from '../../../src/http/forms';
import { parseId } from '../../../src/http/params';
import { isCountryCode, postalCodeExample } from '../../../src/lib/countries';
import { HttpError } from '../../../src/lib/results';

describe('reading input', () => {
  it.each([
    '1.5',
    '1e3',
    '-1',
    '0',
    '01',
    '99999999999999999999',
    '2147483648',
    '%00',
    'constructor',
    '__proto__',
    'toString',
    '',
    ' 1',
  ])('%p is not an id', (raw) => expect(parseId(raw)).toBeNull());
  it.each([
    ['1', 1],
    ['2147483647', 2147483647],
  ])('%p is the id %p', (raw, id) => expect(parseId(raw)).toBe(id));

  it.each(['2026-02-30', '2026-13-45', '2099-99-99', '2026-2-3', '2026-02-29'])('%p is not a calendar day', (d) =>
    expect(isCalendarDay(d)).toBe(false),
  );
  it.each(['2028-02-29', '2026-12-31'])('%p is a calendar day', (d) => expect(isCalendarDay(d)).toBe(true));

  it('words zod findings with the field label, and keeps a schema’s own message', () => {
    const schema = z.object({
      first_name: z.string().max(3),
      billing_city: z.string().min(1),
      role: z.enum(['agent']),
      quantity: z.coerce.number(),
      email: z.email(),
      own: z.string().min(2, 'Mine.'),
    });
    const errors = fieldErrors(
      schema.safeParse({ first_name: 'abcd', billing_city: '', role: 'x', quantity: 'x', email: 'no', own: '' }).error!,
    );
    expect(errors).toEqual({
      first_name: 'First name is too long (at most 3 characters).',
      billing_city: 'Enter the city.',
      role: 'Choose one of the offered values for role.',
      quantity: 'Quantity must be a number.',
      email: 'Enter a valid email address, like name@example.com.',
      own: 'Mine.',
    });
  });

  it('countries are ISO 3166-1 alpha-2; postal codes have the country’s shape where known', () => {
    expect(['US', 'GB', 'DE', 'NG'].every(isCountryCode)).toBe(true);
    expect(['UK', 'EU', 'ZZ', 'XK', 'SU', 'us', 'USA'].some(isCountryCode)).toBe(false);
    expect(postalCodeExample('US', '78701-1234')).toBeNull();
    expect(postalCodeExample('NL', '1012AB')).toBeNull();
    expect(postalCodeExample('CA', '12345')).toBe('K1A 0B1');
    expect(postalCodeExample('NG', 'anything')).toBeNull();
  });
});

describe('errors in our words', () => {
  it.each([
    [{ type: 'entity.too.large', status: 413, message: 'request entity too large' }, 413],
    [{ type: 'entity.parse.failed', status: 400, message: 'Unexpected end of JSON input' }, 400],
    [{ type: 'charset.unsupported', status: 415, message: 'unsupported charset "KLINGON"' }, 415],
    [{ type: 'encoding.unsupported', status: 415, message: 'unsupported content encoding "br"' }, 415],
    [{ status: 400, message: 'Failed to decode param' }, 400],
  ])('%p answers %p without the library’s message', (err, status) => {
    const d = describeError(err);
    expect(d.status).toBe(status);
    expect(d.text).not.toContain(err.message);
  });

  it('a 500 never carries the cause', () => {
    expect(describeError(new Error('connect ECONNREFUSED /work/app/db.sock'))).toEqual({
      status: 500,
      text: 'Something went wrong on our side. Nothing was changed; try again.',
    });
    expect(describeError(new HttpError(404, 'That customer was not found.')).text).toBe('That customer was not found.');
  });
});
