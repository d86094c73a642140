import { isIP } from 'node:net';
import { isCountryCode } from '../lib/countries';

/** Blocklist entry types (docs/RULES.md §Blocklist). */
export const ENTRY_TYPES = ['email', 'phone', 'card_fingerprint', 'card_bin', 'ip', 'address', 'country'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

export const TYPE_LABELS: Record<EntryType, string> = {
  email: 'Email',
  phone: 'Phone',
  card_fingerprint: 'Card fingerprint',
  card_bin: 'Card BIN',
  ip: 'IP address',
  address: 'Address',
  country: 'Country',
};

// Common street words, written the way the postal service abbreviates them.
// A Map, not an object: a word typed by an agent ("constructor") must not find Object.prototype.
const ABBREVIATIONS = new Map(
  Object.entries({
    street: 'st',
    avenue: 'ave',
    av: 'ave',
    road: 'rd',
    drive: 'dr',
    lane: 'ln',
    boulevard: 'blvd',
    court: 'ct',
    place: 'pl',
    terrace: 'ter',
    highway: 'hwy',
    parkway: 'pkwy',
    circle: 'cir',
    square: 'sq',
    apartment: 'apt',
    suite: 'ste',
    unit: 'unit',
    north: 'n',
    south: 's',
    east: 'e',
    west: 'w',
    northeast: 'ne',
    northwest: 'nw',
    southeast: 'se',
    southwest: 'sw',
  }),
);

/**
 * One IPv4/IPv6 address or CIDR range in its canonical text: IPv6 lower-case and compressed
 * ("2001:DB8:0::1" → "2001:db8::1"), a range by its network address ("10.1.2.3/8" → "10.0.0.0/8").
 */
export function normalizeIp(v: string): string | null {
  const [addr, bits, extra] = v.split('/');
  const family = isIP(addr);
  if (!family || extra !== undefined || addr.includes('%')) return null;
  const canonical = family === 6 ? new URL(`http://[${addr}]`).hostname.slice(1, -1) : addr;
  if (bits === undefined) return canonical;
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return null;
  return `${networkOf(canonical, family as 4 | 6, Number(bits))}/${Number(bits)}`;
}

function networkOf(addr: string, family: 4 | 6, bits: number): string {
  if (family === 4) {
    const n = addr.split('.').reduce((acc, part) => acc * 256n + BigInt(part), 0n);
    const net = bits === 0 ? 0n : (n >> BigInt(32 - bits)) << BigInt(32 - bits);
    return [24n, 16n, 8n, 0n].map((s) => String((net >> s) & 255n)).join('.');
  }
  const blocks = new URL(`http://[${addr}]`).hostname.slice(1, -1);
  const [head, tail = ''] = blocks.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const full = blocks.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const n = full.reduce((acc, part) => acc * 65536n + BigInt(`0x${part}`), 0n);
  const net = bits === 0 ? 0n : (n >> BigInt(128 - bits)) << BigInt(128 - bits);
  const groups = Array.from({ length: 8 }, (_, i) => ((net >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
}

/**
 * The comparable form of a value: two values that mean the same thing normalise to the same string
 * ("12 Main Street." and "12 main st"); null when the value cannot be an entry of that type.
 */
export function normalize(type: EntryType, raw: string): string | null {
  const v = raw.trim();
  if (!v) return null;
  switch (type) {
    case 'email':
      return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) ? v.toLowerCase() : null;
    case 'phone': {
      const d = v.replace(/\D/g, '');
      const national = d.length === 11 && d.startsWith('1') ? d.slice(1) : d;
      return national.length >= 7 && national.length <= 15 ? national : null;
    }
    case 'card_fingerprint':
      return /^[A-Za-z0-9_-]{8,128}$/.test(v) ? v.toLowerCase() : null;
    case 'card_bin':
      return /^\d{6}$/.test(v.replace(/\s/g, '')) ? v.replace(/\s/g, '') : null;
    case 'ip':
      return normalizeIp(v);
    case 'country':
      return isCountryCode(v.toUpperCase()) ? v.toUpperCase() : null;
    case 'address': {
      const words = v
        .toLowerCase()
        .replace(/[.,#'"]/g, ' ')
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => ABBREVIATIONS.get(w) ?? w);
      return words.length ? words.join(' ') : null;
    }
  }
}
