/**
 * ISO 3166-1 alpha-2 codes: the regions ICU names, less those that are not countries in ISO 3166-1
 * (withdrawn codes like SU and YU, groupings like EU and UN, private-use and unknown like XK, ZZ).
 */
const NOT_ISO = new Set(
  'AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB XK YD YU ZR ZZ'.split(' '),
);
const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !NOT_ISO.has(code) && names.of(code) !== undefined;
}

/** Postal code shapes where we know them, with an example for the message; other countries: any. */
const POSTAL = new Map<string, [RegExp, string]>([
  ['US', [/^\d{5}(-\d{4})?$/, '12345 or 12345-6789']],
  ['CA', [/^[A-Z]\d[A-Z] ?\d[A-Z]\d$/i, 'K1A 0B1']],
  ['GB', [/^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i, 'SW1A 1AA']],
  ['DE', [/^\d{5}$/, '10115']],
  ['FR', [/^\d{5}$/, '75001']],
  ['AU', [/^\d{4}$/, '2000']],
  ['NL', [/^\d{4} ?[A-Z]{2}$/i, '1012 AB']],
]);

/** null when the postal code fits the country (or the country's shape is not known), else an example. */
export function postalCodeExample(country: string, postalCode: string): string | null {
  const shape = POSTAL.get(country);
  return shape && !shape[0].test(postalCode) ? shape[1] : null;
}
