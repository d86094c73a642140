import { blacklistCustomer, customerBlacklisting, liftCustomer } from '../../../src/blocklist/customers';
import { importEntries } from '../../../src/blocklist/imports';
import { addEntry, entryCommand, findBlock, liftEntry } from '../../../src/blocklist/service';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionUser } from '../../support/users';
import type { SessionUser } from '../../../src/auth/service';

describe('the blocklist', () => {
  let t: TestDatabase;
  let lead: SessionUser;
  const now = new Date('2026-11-23T12:00:00Z');
  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    lead = await sessionUser(t.db, 'lead@example.com');
  });
  afterAll(() => t.drop());

  it('matches an address however it is written: "12 Main Street." blocks "12 main st"', async () => {
    expect(
      await addEntry(t.db, lead, { type: 'address', value: '12 Main Street.', reason: 'Reshipping fraud ring' }),
    ).toMatchObject({ ok: true });
    expect(await findBlock(t.db, now, { address: '12 main st' })).toMatchObject({
      type: 'address',
      display_value: '12 Main Street.',
      reason: 'Reshipping fraud ring',
    });
    expect(await findBlock(t.db, now, { address: '14 main st' })).toBeUndefined();
  });

  it('an expired entry no longer blocks', async () => {
    await addEntry(t.db, lead, {
      type: 'email',
      value: 'old@example.com',
      reason: 'Chargeback 2025',
      expires: '2026-11-01',
    });
    expect(await findBlock(t.db, now, { email: 'OLD@example.com' })).toBeUndefined();
    await addEntry(t.db, lead, {
      type: 'email',
      value: 'new@example.com',
      reason: 'Chargeback',
      expires: '2027-01-01',
    });
    expect(await findBlock(t.db, now, { email: 'NEW@example.com' })).toMatchObject({ type: 'email' });
  });

  it('CSV import reports the bad lines and imports the good ones', async () => {
    const report = await importEntries(
      t.db,
      lead,
      'type,value,reason,expires\nphone,(512) 555-7777,Fraud\nemail,not-an-email,Bad\ncolour,blue,Nope\ncountry,NG,High risk,2027-06-30\ncard_bin,123,Short\n',
      '2026-01-01',
    );
    expect(report.imported).toBe(2);
    expect(report.refused).toEqual([
      { line: 3, text: 'email,not-an-email,Bad', why: 'That is not a valid email.' },
      { line: 4, text: 'colour,blue,Nope', why: 'Choose a type.' },
      { line: 6, text: 'card_bin,123,Short', why: 'That is not a valid card bin.' },
    ]);
    expect(await findBlock(t.db, now, { phone: '+1 512-555-7777' })).toMatchObject({ reason: 'Fraud' });
    expect((await importEntries(t.db, lead, 'value,type\n', '2026-01-01')).refused[0].why).toMatch(/header/);
  });

  it('blacklisting a customer adds their email, phone, addresses and cards in one step, and can be lifted', async () => {
    const quinn = await t.db('customers').where({ email: 'quinn.queue@example.com' }).first();
    expect(await blacklistCustomer(t.db, lead, quinn.id, 'Chargeback abuse')).toEqual({ ok: true, added: 4 }); // email, phone, one address (billing = shipping), one card
    expect(await blacklistCustomer(t.db, lead, quinn.id, 'Again')).toMatchObject({
      ok: false,
      code: 'already_blocked',
    });
    expect(await customerBlacklisting(t.db, quinn.id, now)).toMatchObject({ reason: 'Chargeback abuse' });
    const card = await t.db('payment_instruments').where({ customer_id: quinn.id }).first();
    expect(await findBlock(t.db, now, { card_fingerprint: card.fingerprint })).toMatchObject({
      type: 'card_fingerprint',
    });
    expect(await liftCustomer(t.db, lead, quinn.id, now)).toEqual({ ok: true, lifted: 4 });
    expect(await liftCustomer(t.db, lead, quinn.id, now)).toMatchObject({ ok: false, code: 'not_blacklisted' });
    expect(await findBlock(t.db, now, { email: 'quinn.queue@example.com' })).toBeUndefined();
    expect(
      await t
        .db('history_entries')
        .where({ customer_id: quinn.id })
        .whereIn('kind', ['customer.blacklisted', 'customer.unblacklisted'])
        .count({ n: '*' })
        .first(),
    ).toEqual({ n: 2 });
  });

  it('a value already blocked, however it is typed, is reported and kept as one entry (already_blocked)', async () => {
    await addEntry(t.db, lead, { type: 'ip', value: '2001:DB8:0:0::7', reason: 'Bots', expires: undefined });
    const again = await addEntry(t.db, lead, {
      type: 'ip',
      value: '2001:db8::7',
      reason: 'Bots again',
      expires: undefined,
    });
    expect(again).toMatchObject({
      ok: false,
      code: 'already_blocked',
      fields: { value: expect.stringContaining('Already blocked') },
    });
    expect(
      await t.db('blocklist_entries').where({ type: 'ip', value: '2001:db8::7' }).count({ n: '*' }).first(),
    ).toEqual({ n: 1 });
  });

  it('an IP entry must be an address or a CIDR range (invalid_value)', async () => {
    for (const value of ['999.1.1.1', '10.0.0.0/33', 'fe80::1%eth0', 'not an ip']) {
      expect(await addEntry(t.db, lead, { type: 'ip', value, reason: 'x', expires: undefined })).toMatchObject({
        ok: false,
        code: 'invalid_value',
      });
    }
    expect(
      await addEntry(t.db, lead, { type: 'ip', value: '203.0.113.9/24', reason: 'Range', expires: undefined }),
    ).toMatchObject({ ok: true });
    expect(await t.db('blocklist_entries').where({ type: 'ip', value: '203.0.113.0/24' }).first()).toBeDefined();
  });

  it('lifting a block twice says so (already_lifted), a missing one is not found', async () => {
    const added = await addEntry(t.db, lead, {
      type: 'email',
      value: 'lift.me@example.com',
      reason: 'x',
      expires: undefined,
    });
    if (!added.ok) throw new Error(added.message);
    expect(await liftEntry(t.db, lead, added.id, now)).toEqual({ ok: true });
    expect(await liftEntry(t.db, lead, added.id, now)).toMatchObject({ ok: false, code: 'already_lifted' });
    await expect(liftEntry(t.db, lead, 2_000_000_000, now)).rejects.toThrow('That block was not found.');
  });

  it('the expiry is a real day in the future', () => {
    const command = entryCommand('2026-11-23');
    const base = { type: 'email', value: 'a@example.com', reason: 'x' };
    expect(command.safeParse({ ...base, expires: '2026-02-30' }).error?.issues[0].message).toBe(
      'Use a real date like 2026-12-31.',
    );
    expect(command.safeParse({ ...base, expires: '2026-11-23' }).error?.issues[0].message).toBe(
      'The expiry must be a day in the future.',
    );
    expect(command.safeParse({ ...base, expires: '2026-11-24' }).success).toBe(true);
  });
});
