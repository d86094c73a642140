import { startOfDay } from '../../../src/lib/time';
import { addDays, dayIn } from '../../../src/lib/clock';

describe('calendar days in a time zone', () => {
  it('finds the start of the day in UTC and in New York', () => {
    const t = new Date('2026-11-23T03:30:00Z');
    expect(startOfDay(t, 'UTC').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    // 03:30 UTC is still the 22nd in New York (UTC-5 in November).
    expect(startOfDay(t, 'America/New_York').toISOString()).toBe('2026-11-22T05:00:00.000Z');
    expect(dayIn(t, 'America/New_York')).toBe('2026-11-22');
  });

  it('adds days across month ends', () => {
    expect(addDays('2026-11-29', 3)).toBe('2026-12-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
