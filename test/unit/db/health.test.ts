import type { Db } from '../../../src/db/knex';
import { databaseAnswers, HEALTH_FRESH_MS } from '../../../src/db/health';

/** A database whose `SELECT 1` answers when the test says so. */
function fakeDb() {
  const calls: ((ok: boolean) => void)[] = [];
  const db = {
    raw: () => new Promise((resolve, reject) => calls.push((ok) => (ok ? resolve([]) : reject(new Error('down'))))),
  } as unknown as Db;
  return { db, calls };
}

describe('the health probe', () => {
  it('shares one probe among the checks that arrive while it runs', async () => {
    const { db, calls } = fakeDb();
    const answers = Array.from({ length: 10 }, () => databaseAnswers(db, 0));
    expect(calls).toHaveLength(1);
    calls[0](true);
    expect(await Promise.all(answers)).toEqual(Array(10).fill(true));
  });

  it('lets a good answer stand for a second, then asks again', async () => {
    const { db, calls } = fakeDb();
    const first = databaseAnswers(db, 5000);
    calls[0](true);
    await first;
    expect(await databaseAnswers(db, 5000 + HEALTH_FRESH_MS - 1)).toBe(true);
    expect(calls).toHaveLength(1);
    const later = databaseAnswers(db, 5000 + HEALTH_FRESH_MS);
    expect(calls).toHaveLength(2);
    calls[1](false);
    expect(await later).toBe(false);
  });

  it('never keeps a failure: the next check asks again', async () => {
    const { db, calls } = fakeDb();
    const down = databaseAnswers(db, 0);
    calls[0](false);
    expect(await down).toBe(false);
    const up = databaseAnswers(db, 1);
    expect(calls).toHaveLength(2);
    calls[1](true);
    expect(await up).toBe(true);
  });
});
