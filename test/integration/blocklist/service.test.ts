import { addEntry, blacklistCustomer, customerBlacklisting, findBlock, importEntries, liftCustomer } from '../../../src/blocklist/service';
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
    expect(await addEntry(t.db, lead, { type: 'address', value: '12 Main Street.', reason: 'Reshipping fraud ring' })).toMatchObject({ ok: true });
    expect(await findBlock(t.db, now, { address: '12 main st' })).toMatchObject({ type: 'address', display_value: '12 Main Street.', reason: 'Reshipping fraud ring' });
    expect(await findBlock(t.db, now, { address: '14 main st' })).toBeUndefined();
  });

  it('an expired entry no longer blocks', async () => {
    await addEntry(t.db, lead, { type: 'email', value: 'old@example.com', reason: 'Chargeback 2025', expires: '2026-11-01' });
    expect(await findBlock(t.db, now, { email: 'OLD@example.com' })).toBeUndefined();
    await addEntry(t.db, lead, { type: 'email', value: 'new@example.com', reason: 'Chargeback', expires: '2027-01-01' });
    expect(await findBlock(t.db, now, { email: 'NEW@example.com' })).toMatchObject({ type: 'email' });
  });

  it('CSV import reports the bad lines and imports the good ones', async () => {
    const report = await importEntries(t.db, lead, 'type,value,reason,expires\nphone,(512) 555-7777,Fraud\nemail,not-an-email,Bad\ncolour,blue,Nope\ncountry,NG,High risk,2027-06-30\ncard_bin,123,Short\n', '2026-01-01');
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
    const added = await blacklistCustomer(t.db, lead, quinn.id, 'Chargeback abuse');
    expect(added).toBe(4); // email, phone, one address (billing = shipping), one card
    expect(await customerBlacklisting(t.db, quinn.id, now)).toMatchObject({ reason: 'Chargeback abuse' });
    const card = await t.db('payment_instruments').where({ customer_id: quinn.id }).first();
    expect(await findBlock(t.db, now, { card_fingerprint: card.fingerprint })).toMatchObject({ type: 'card_fingerprint' });
    expect(await liftCustomer(t.db, lead, quinn.id, now)).toBe(4);
    expect(await findBlock(t.db, now, { email: 'quinn.queue@example.com' })).toBeUndefined();
    expect(await t.db('history_entries').where({ customer_id: quinn.id }).whereIn('kind', ['customer.blacklisted', 'customer.unblacklisted']).count({ n: '*' }).first()).toEqual({ n: 2 });
  });
});
