/** Blocklist entry types (docs/RULES.md §Blocklist). */
export const ENTRY_TYPES = ['email', 'phone', 'card_fingerprint', 'card_bin', 'ip', 'address', 'country'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

export const TYPE_LABELS: Record<EntryType, string> = {
  email: 'Email', phone: 'Phone', card_fingerprint: 'Card fingerprint', card_bin: 'Card BIN', ip: 'IP address', address: 'Address', country: 'Country',
};

// Common street words, written the way the postal service abbreviates them.
const ABBREVIATIONS: Record<string, string> = {
  street: 'st', avenue: 'ave', av: 'ave', road: 'rd', drive: 'dr', lane: 'ln', boulevard: 'blvd', court: 'ct', place: 'pl',
  terrace: 'ter', highway: 'hwy', parkway: 'pkwy', circle: 'cir', square: 'sq', apartment: 'apt', suite: 'ste', unit: 'unit',
  north: 'n', south: 's', east: 'e', west: 'w', northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw',
};

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
      return /^(\d{1,3}\.){3}\d{1,3}$/.test(v) || /^[0-9a-f:]+$/i.test(v) ? v.toLowerCase() : null;
    case 'country':
      return /^[A-Za-z]{2}$/.test(v) ? v.toUpperCase() : null;
    case 'address': {
      const words = v.toLowerCase().replace(/[.,#'"]/g, ' ').split(/\s+/).filter(Boolean).map((w) => ABBREVIATIONS[w] ?? w);
      return words.length ? words.join(' ') : null;
    }
  }
}
