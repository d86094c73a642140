import { Readable } from 'node:stream';
import { runImport } from '../../../src/imports/run';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { importCsv } from '../../support/import-csv';

const NOW = new Date('2026-11-23T10:00:00Z');

describe('CSV import', () => {
  let t: TestDatabase;
  let demoEmail: string;
  let demoId: number;

  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    const demo = await t.db('customers').whereNotNull('email').orderBy('id').first();
    [demoEmail, demoId] = [demo.email, demo.id];
  });
  afterAll(() => t.drop());

  const file = () =>
    importCsv([
      {
        record: 'customer',
        source_id: 'C1',
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: 'ada@old-crm.test',
        country: 'US',
        date: '2024-01-05',
      },
      { record: 'customer', source_id: 'C2', first_name: 'Bob', last_name: 'Builder', phone: '+1 555 010 2000' },
      // The same person as C1 (email, any case), and as a demo customer: no new rows.
      { record: 'customer', source_id: 'C3', first_name: 'Ada', last_name: 'L', email: 'ADA@old-crm.test' },
      { record: 'customer', source_id: 'C4', first_name: 'Known', last_name: 'Already', email: demoEmail },
      { record: 'order', source_id: 'O1', customer_id: 'C3', status: 'complete', date: '2024-01-05' },
      { record: 'item', source_id: 'I1', order_id: 'O1', sku: 'EYE-CREAM-1', quantity: '2', unit_price: '29.95' },
      {
        record: 'charge',
        source_id: 'T1',
        order_id: 'O1',
        amount: '59.90',
        refunded: '10.00',
        status: 'approved',
        gateway_reference: 'ch_1',
        date: '2024-01-05',
      },
      { record: 'charge', source_id: 'T2', order_id: 'O1', amount: '5.00', status: 'voided' },
      {
        record: 'subscription',
        source_id: 'S1',
        order_id: 'O1',
        sku: 'GLOW-SERUM-1',
        unit_price: '69.95',
        status: 'active',
        next_bill_date: '2026-12-01',
      },
      { record: 'order', source_id: 'O2', customer_id: 'C404', status: 'complete' },
      { record: 'charge', source_id: 'T3', order_id: 'O1', amount: '5.00', refunded: '9.00', status: 'approved' },
      { record: 'item', source_id: 'I2', order_id: 'O1', sku: 'NO-SUCH-SKU', unit_price: '1' },
      { record: 'refund', source_id: 'X1' },
      { record: 'customer', source_id: 'C5', first_name: 'No', last_name: 'Contact' },
    ]);
  const run = (dryRun: boolean) => runImport(t.db, Readable.from([file()]), { dryRun, now: NOW });
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        ['customers', 'orders', 'order_items', 'transactions', 'purchases', 'import_ids'].map(async (table) => [
          table,
          Number((await t.db(table).count({ n: '*' }))[0].n),
        ]),
      ),
    );

  it('a dry run reports each line’s problem and writes nothing', async () => {
    const before = await counts();
    const report = await run(true);
    expect(await counts()).toEqual(before);
    expect(report).toMatchObject({
      dryRun: true,
      lines: 14,
      created: { customer: 2, order: 1, item: 1, charge: 2, subscription: 1 },
      matched: 2,
      problemCount: 5,
    });
    expect(report.problems.map((p) => [p.line, p.message])).toEqual(
      [
        [11, 'customer_id C404 is not a customer above in this file or in an earlier import'],
        [12, 'refunded is more than the amount'],
        [13, 'sku NO-SUCH-SKU is not a product option (Admin → Products)'],
        [14, 'record must be customer, order, item, charge or subscription'],
        [15, 'a customer needs an email or a phone'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
  });

  it('imports, then imports nothing twice', async () => {
    const before = await counts();
    const first = await run(false);
    expect(first).toMatchObject({
      dryRun: false,
      created: { customer: 2, order: 1, item: 1, charge: 2, subscription: 1 },
      matched: 2,
    });
    const after = await counts();
    expect(after.customers - before.customers).toBe(2);
    // Two sales, the refund under the first and the void under the second.
    expect(after.transactions - before.transactions).toBe(4);

    const ids = Object.fromEntries(
      (await t.db('import_ids').select('record', 'source_id', 'target_id')).map((r) => [
        `${r.record}:${r.source_id}`,
        Number(r.target_id),
      ]),
    );
    expect(ids['customer:C3']).toBe(ids['customer:C1']);
    expect(ids['customer:C4']).toBe(demoId);
    const order = await t.db('orders').where({ id: ids['order:O1'] }).first();
    expect(order).toMatchObject({ customer_id: ids['customer:C1'], status: 'complete' });
    const sale = await t.db('transactions').where({ id: ids['charge:T1'] }).first();
    expect(sale).toMatchObject({
      type: 'sale',
      status: 'partially_refunded',
      amount_cents: 5990,
      refunded_cents: 1000,
      gateway: 'import',
      gateway_reference: 'ch_1',
    });
    expect(await t.db('transactions').where({ parent_id: sale.id }).first()).toMatchObject({
      type: 'refund',
      status: 'approved',
      amount_cents: 1000,
    });
    expect(await t.db('transactions').where({ id: ids['charge:T2'] }).first()).toMatchObject({
      status: 'voided',
      refunded_cents: 0,
    });
    expect(await t.db('purchases').where({ id: ids['subscription:S1'] }).first()).toMatchObject({
      status: 'active',
      next_bill_date: '2026-12-01',
      unit_price_cents: 6995,
      customer_id: ids['customer:C1'],
    });
    // An import is history: no webhook outbox rows, one event for the run is the caller's.
    expect(await t.db('webhook_deliveries').count({ n: '*' })).toEqual([{ n: 0 }]);

    const second = await run(false);
    expect(second).toMatchObject({
      created: { customer: 0, order: 0, item: 0, charge: 0, subscription: 0 },
      matched: 0,
      skipped: 9,
    });
    expect(await counts()).toEqual(after);
  });

  it('refuses a file whose header is not the documented one', async () => {
    const report = await runImport(t.db, Readable.from(['name,mail\nAda,ada@x.test\n']), { dryRun: true, now: NOW });
    expect(report.problems).toEqual([{ line: 1, message: 'Unknown column(s): name, mail (see docs/IMPORT.md).' }]);
  });
});
