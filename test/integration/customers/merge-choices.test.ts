import type { SessionUser } from '../../../src/auth/service';
import { mergeCustomers } from '../../../src/customers/merges';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionUser } from '../../support/users';

describe('merge with choices', () => {
  let t: TestDatabase;
  let lead: SessionUser;
  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    lead = await sessionUser(t.db, 'lead@example.com');
  });
  afterAll(() => t.drop());

  const person = (over: Record<string, unknown>) =>
    t
      .db('customers')
      .insert({ first_name: 'Pat', last_name: 'Pick', ...over })
      .returning('id')
      .then(([r]) => Number(r.id));

  it('keeps the chosen values of the merged customer, group by group, and the rest of the kept one', async () => {
    const kept = await person({ email: 'pat@example.com', phone: '555-0100', billing_city: 'Austin' });
    const source = await person({
      first_name: 'Patricia',
      email: 'pat@example.com',
      phone: '555-0199',
      billing_city: 'Dallas',
      membership_login: 'patricia',
      membership_password_hash: 'scrypt$theirs',
    });
    await t.db('customer_custom_fields').insert([
      { customer_id: kept, name: 'Colour', value: 'red' },
      { customer_id: kept, name: 'Size', value: 'M' },
      { customer_id: source, name: 'Colour', value: 'blue' },
      { customer_id: source, name: 'Size', value: 'L' },
      { customer_id: source, name: 'Shoe', value: '42' },
    ]);
    const result = await mergeCustomers(t.db, lead, kept, source, {
      fromSource: ['name', 'membership'],
      customFromSource: ['Colour'],
    });
    expect(result.ok).toBe(true);
    expect(await t.db('customers').where({ id: kept }).first()).toMatchObject({
      first_name: 'Patricia',
      last_name: 'Pick',
      phone: '555-0100',
      billing_city: 'Austin',
      membership_login: 'patricia',
      membership_password_hash: 'scrypt$theirs',
    });
    const fields = await t.db('customer_custom_fields').where({ customer_id: kept }).orderBy('name');
    expect(fields.map((f) => [f.name, f.value])).toEqual([
      ['Colour', 'blue'],
      ['Shoe', '42'],
      ['Size', 'M'],
    ]);
    const event = await t.db('events').where({ kind: 'customer.merged', customer_id: kept }).first();
    expect(event.summary).toContain("kept the merged customer's name, membership login, Colour");
    expect(event.after.taken_from_merged).toEqual(['name', 'membership', 'Colour']);
  });

  it('refuses records that share neither email nor phone, and changes nothing', async () => {
    const a = await person({ email: 'one@example.com', phone: '555-0001' });
    const b = await person({ email: 'two@example.com', phone: '555-0002' });
    expect(await mergeCustomers(t.db, lead, a, b)).toMatchObject({ ok: false, code: 'not_duplicates' });
    expect(await t.db('customers').whereIn('id', [a, b]).count({ n: '*' }).first()).toEqual({ n: 2 });
  });
});
