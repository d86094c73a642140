import { normalize } from '../../../src/blocklist/normalize';

describe('blocklist normalisation', () => {
  it.each([
    ['address', '12 Main Street.', '12 main st'],
    ['address', '12 main st', '12 main st'],
    ['address', '400 North Oak Avenue, Apartment 5', '400 n oak ave apt 5'],
    ['email', ' Fraud@Example.COM ', 'fraud@example.com'],
    ['phone', '+1 (512) 555-0101', '5125550101'],
    ['phone', '512.555.0101', '5125550101'],
    ['card_bin', '4111 11', '411111'],
    ['country', 'ng', 'NG'],
    ['card_fingerprint', 'ABCDEF123456', 'abcdef123456'],
    ['ip', '10.0.0.1', '10.0.0.1'],
  ] as const)('%s %p → %p', (type, raw, expected) => expect(normalize(type, raw)).toBe(expected));

  it.each([
    ['email', 'not-an-email'],
    ['phone', '12'],
    ['card_bin', '41111'],
    ['country', 'USA'],
    ['ip', 'localhost'],
    ['address', '  '],
  ] as const)('refuses %s %p', (type, raw) => expect(normalize(type, raw)).toBeNull());
});
