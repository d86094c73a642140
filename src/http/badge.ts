import ejs from 'ejs';
import { statusLabel } from '../payments/states';

const TONES: Record<string, string> = {
  settled: 'ok',
  approved: 'ok',
  complete: 'ok',
  delivered: 'ok',
  active: 'ok',
  shipped: 'info',
  trial: 'info',
  pending: 'warn',
  partially_refunded: 'warn',
  recycling: 'warn',
  paused: 'warn',
  cancel_scheduled: 'warn',
  hold: 'warn',
  partial: 'warn',
  declined: 'err',
  errored: 'warn',
  sending: 'warn',
  failed: 'err',
  returned: 'err',
  expired: 'err',
};

/**
 * A status as a coloured badge, worded by the sale rules (an unknown outcome never reads "declined").
 * A function rather than an EJS include: lists call it once a row, and an include costs a file lookup each time.
 */
export const badge = (status: string) => {
  const s = ejs.escapeXML(status);
  return `<span class="badge ${TONES[status] ?? ''}" data-status="${s}">${ejs.escapeXML(statusLabel(status))}</span>`;
};
