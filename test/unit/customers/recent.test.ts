import fc from 'fast-check';
import { formatRecent, parseRecent, RECENT_LIMIT, withRecent } from '../../../src/customers/recent';

describe('recent customers cookie', () => {
  it('reads back what it wrote, for its own user only', () => {
    expect(parseRecent(formatRecent(7, [3, 2, 1]), 7)).toEqual([3, 2, 1]);
    expect(parseRecent(formatRecent(7, [3, 2, 1]), 8)).toEqual([]);
  });

  it.each([undefined, '', '7', '7:', '7:1..2', '7:1.x', 'x:1', '7:1;2', `7:${'1.'.repeat(20)}1`, '7:1234567890123456'])(
    'ignores a malformed value %p',
    (value) => expect(parseRecent(value, 7)).toEqual([]),
  );

  it('drops a repeated id a hand-made cookie carries', () => expect(parseRecent('7:3.2.3', 7)).toEqual([3, 2]));

  it('puts the opened customer first, once, and keeps at most the limit', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { maxLength: RECENT_LIMIT }),
        fc.integer({ min: 1, max: 50 }),
        (ids, id) => {
          const next = withRecent(ids, id);
          expect(next[0]).toBe(id);
          expect(new Set(next).size).toBe(next.length);
          expect(next.length).toBe(Math.min(RECENT_LIMIT, ids.filter((x) => x !== id).length + 1));
          expect(next.slice(1)).toEqual(ids.filter((x) => x !== id).slice(0, RECENT_LIMIT - 1));
          expect(parseRecent(formatRecent(1, next), 1)).toEqual(next);
        },
      ),
    );
  });
});
