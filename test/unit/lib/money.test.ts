import { formatMoney, parseMoney } from '../../../src/lib/money';

describe('money', () => {
  it.each([
    ['5', 500],
    ['5.5', 550],
    ['5.05', 505],
    ['$1,234.56', 123456],
    [' 0.01 ', 1],
    ['0', 0],
  ])('parses %p as %p cents', (input, cents) => expect(parseMoney(input)).toBe(cents));

  it.each(['', '-5', '5.001', 'five', '1e3', '5.', '.5', '1,2', '12,50', '1,23', '1,2345', ',5'])(
    'refuses %p (a comma outside a thousands place is ambiguous)',
    (input) => expect(parseMoney(input)).toBeNull(),
  );

  it('formats cents for people', () => {
    expect(formatMoney(123456)).toBe('$1,234.56');
    expect(formatMoney(5)).toBe('$0.05');
  });
});
