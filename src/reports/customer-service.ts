import type { Db } from '../db/knex';
import { addDays } from '../lib/clock';

export interface AgentDay {
  agent: string;
  day: string;
  refunds: number;
  refundCents: number;
  voids: number;
  voidCents: number;
  cancellations: number;
  notes: number;
  emails: number;
}

const EVENT_COLUMNS: Record<string, keyof AgentDay> = {
  'order.cancelled': 'cancellations',
  'purchase.cancelled': 'cancellations',
  'customer.note_added': 'notes',
  'email.resent': 'emails',
};

/**
 * What each person did per day between two calendar days (in `timeZone`): refunds and voids (count
 * and amount, from the transactions they made), cancellations, notes and emails resent (from the
 * event log). Only people; jobs are not agents.
 */
export async function customerServiceReport(db: Db, from: string, to: string, timeZone: string): Promise<AgentDay[]> {
  const end = addDays(to, 1);
  const [money, events] = await Promise.all([
    db.raw(
      `SELECT u.name AS agent, to_char(t.created_at AT TIME ZONE ?, 'YYYY-MM-DD') AS day, t.type, count(*)::int AS n, sum(t.amount_cents)::bigint AS cents
         FROM transactions t JOIN users u ON u.id = t.user_id
        WHERE t.type IN ('refund', 'void') AND t.status = 'approved'
          AND t.created_at >= (?::date::timestamp AT TIME ZONE ?) AND t.created_at < (?::date::timestamp AT TIME ZONE ?)
        GROUP BY 1, 2, 3`,
      [timeZone, from, timeZone, end, timeZone],
    ),
    db.raw(
      `SELECT e.actor_name AS agent, to_char(e.occurred_at AT TIME ZONE ?, 'YYYY-MM-DD') AS day, e.kind, count(*)::int AS n
         FROM events e
        WHERE e.actor_kind = 'user' AND e.kind = ANY(?)
          AND e.occurred_at >= (?::date::timestamp AT TIME ZONE ?) AND e.occurred_at < (?::date::timestamp AT TIME ZONE ?)
        GROUP BY 1, 2, 3`,
      [timeZone, Object.keys(EVENT_COLUMNS), from, timeZone, end, timeZone],
    ),
  ]);
  const rows = new Map<string, AgentDay>();
  const row = (agent: string, day: string) => {
    const key = `${day}|${agent}`;
    if (!rows.has(key))
      rows.set(key, {
        agent,
        day,
        refunds: 0,
        refundCents: 0,
        voids: 0,
        voidCents: 0,
        cancellations: 0,
        notes: 0,
        emails: 0,
      });
    return rows.get(key)!;
  };
  for (const m of money.rows) {
    const r = row(m.agent, m.day);
    if (m.type === 'refund') Object.assign(r, { refunds: m.n, refundCents: Number(m.cents) });
    else Object.assign(r, { voids: m.n, voidCents: Number(m.cents) });
  }
  for (const e of events.rows) (row(e.agent, e.day)[EVENT_COLUMNS[e.kind]] as number) += e.n;
  return [...rows.values()].sort((a, b) => b.day.localeCompare(a.day) || a.agent.localeCompare(b.agent));
}

const actions = (r: AgentDay) => r.refunds + r.voids + r.cancellations + r.notes + r.emails;

// The chart is drawn at a fixed width and never shrinks below it (the page scrolls it sideways on a
// phone), so its 10-unit text stays about 10 px at every range.
const [W, H, LEFT, BOTTOM] = [900, 220, 40, 30];
/** Room one "MM-DD" axis label needs, so labels are thinned instead of running into each other. */
const LABEL_ROOM = 42;
/** Narrower bars carry no value on top: the table below has every figure. */
const VALUE_ROOM = 16;

/**
 * A bar chart of actions per day, one colour per agent, drawn here as SVG (no chart library, no CDN).
 * Its text alternative is the table under it, which the figure's caption names (`describedBy`).
 */
export function chartSvg(rows: AgentDay[], from: string, to: string, describedBy = 'chart-caption'): string {
  const days: string[] = [];
  for (let d = from; d <= to && days.length < 93; d = addDays(d, 1)) days.push(d);
  const agents = [...new Set(rows.map((r) => r.agent))].sort();
  const colours = ['#3355dd', '#e08a00', '#1f9d55', '#b42318', '#7a4cc2', '#0b8a8a'];
  const totals = days.map((d) => rows.filter((r) => r.day === d).reduce((s, r) => s + actions(r), 0));
  const max = Math.max(1, ...totals);
  const barW = (W - LEFT - 10) / days.length;
  const y = (v: number) => H - BOTTOM - (v / max) * (H - BOTTOM - 16);
  const x = (i: number) => LEFT + i * barW + barW / 2;
  const text = (tx: number, ty: number, body: string | number, attrs = '') =>
    `<text x="${tx}" y="${ty}" font-size="10" text-anchor="middle" fill="#475467"${attrs}>${body}</text>`;
  const esc = (s: string) =>
    s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const bars = days.flatMap((d, i) => {
    let base = 0;
    return agents.map((a, k) => {
      const v = rows.filter((r) => r.day === d && r.agent === a).reduce((s, r) => s + actions(r), 0);
      if (!v) return '';
      const rect = `<rect x="${LEFT + i * barW + 2}" y="${y(base + v)}" width="${Math.max(1, barW - 4)}" height="${y(base) - y(base + v)}" fill="${colours[k % colours.length]}"><title>${esc(a)} · ${d}: ${v} action(s)</title></rect>`;
      base += v;
      return rect;
    });
  });
  const values = barW < VALUE_ROOM ? [] : totals.map((t, i) => (t ? text(x(i), y(t) - 3, t, ' data-value') : ''));
  const step = Math.ceil(LABEL_ROOM / barW);
  const labels = days.map((d, i) => (i % step === 0 ? text(x(i), H - 12, d.slice(5), ' data-axis-label') : ''));
  const legend = agents.map(
    (a, k) =>
      `<g transform="translate(${LEFT + k * 150},0)"><rect width="10" height="10" y="2" fill="${colours[k % colours.length]}"/><text x="14" y="11" font-size="11" fill="#1d2330">${esc(a)}</text></g>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H + 20}" width="100%" role="img" aria-label="Actions per day and agent" aria-describedby="${describedBy}">
<g transform="translate(0,20)"><line x1="${LEFT}" y1="${H - BOTTOM}" x2="${W - 10}" y2="${H - BOTTOM}" stroke="#d0d5dd"/>
${text(LEFT - 14, y(max) + 4, max)}${text(LEFT - 14, H - BOTTOM, 0)}
${bars.join('')}${values.join('')}${labels.join('')}</g><g>${legend.join('')}</g></svg>`;
}
