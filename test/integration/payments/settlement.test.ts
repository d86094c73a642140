import { ManualClock } from '../../../src/lib/clock';
import { TestGateway } from '../../../src/payments/gateways/test-gateway';
import { lastBatchTime, settlePendingSales } from '../../../src/payments/settlement';
import { createTestDatabase, type TestDatabase } from '../../support/db';

describe('the daily settlement batch', () => {
  let t: TestDatabase;
  beforeAll(async () => (t = await createTestDatabase()));
  afterAll(() => t.drop());

  it('settles each pending sale made before the batch once, even with two runs at the same moment', async () => {
    const [c] = await t.db('customers').insert({ first_name: 'S' }).returning('id');
    const at = (iso: string) => ({
      customer_id: c.id,
      type: 'sale',
      status: 'pending',
      amount_cents: 100,
      created_at: iso,
    });
    await t
      .db('transactions')
      .insert([at('2026-11-20T10:00:00Z'), at('2026-11-21T01:00:00Z'), at('2026-11-21T03:00:00Z')]);
    const clock = new ManualClock(new Date('2026-11-21T02:00:00Z'));
    const gateway = new TestGateway(t.db);
    const runs = await Promise.all([
      settlePendingSales({ db: t.db, clock, gateway }),
      settlePendingSales({ db: t.db, clock, gateway }),
    ]);
    expect(runs.map((r) => r.settled).sort()).toEqual([0, 2]);
    expect(await t.db('transactions').where({ status: 'pending' }).pluck('created_at')).toEqual([
      new Date('2026-11-21T03:00:00Z'),
    ]);
    expect(await t.db('events').where({ kind: 'transactions.settled' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('knows the last batch time for a catch-up after downtime', () => {
    expect(lastBatchTime(new Date('2026-11-23T05:00:00Z'), '02:00', 'UTC').toISOString()).toBe(
      '2026-11-23T02:00:00.000Z',
    );
    expect(lastBatchTime(new Date('2026-11-23T01:00:00Z'), '02:00', 'UTC').toISOString()).toBe(
      '2026-11-22T02:00:00.000Z',
    );
    expect(lastBatchTime(new Date('2026-11-23T12:00:00Z'), '02:00', 'America/New_York').toISOString()).toBe(
      '2026-11-23T07:00:00.000Z',
    );
  });
});
