import fc from 'fast-check';
import request from 'supertest';
import type { Test } from 'supertest';
import { can, type Role } from '../../src/auth/permissions';
import type { Route } from '../../src/http/types';
import { takesFiles } from '../../src/http/uploads';
import { routes } from '../../src/routes';
import { createTestApp, signIn, type TestApp } from '../support/app';

/**
 * Generated from the route table: every route gets odd ids in its `:params`, odd bodies, impossible
 * dates and paging cursors out of range, as anonymous and as each role. No answer is a 500, none shows
 * a stack frame or a server path, and nothing is written. fast-check samples the inputs (a few runs a
 * route and role) instead of the full product, so the file stays well under a minute.
 */
const ODD_IDS = ['1.5', '1e3', '-1', '0', '99999999999999999999', '%00', 'constructor', '__proto__', 'toString'];
const BAD_DATES = ['2026-02-30', '2026-13-45', '2099-99-99'];
const EMAILS: Record<Role, string> = {
  agent: 'agent@example.com',
  cs_admin: 'lead@example.com',
  admin: 'owner@example.com',
};
const LEAK = /\bat [\w.<>$]+ \(|\/work\/|node_modules|Error:|\n\s+at /;

/** Bodies an app must refuse whatever the route: malformed, of a type it does not take, or too big. */
const REFUSED_BODIES = [
  'malformed json',
  'text/plain',
  'multipart',
  '200 KB field',
  'NUL bytes',
  'unknown charset',
  'json unknown charset',
] as const;
/** Bodies that parse, with odd values: the handler's own validation must answer. */
const ODD_BODIES = ['impossible dates', 'odd values', 'empty'] as const;
type BodyKind = (typeof REFUSED_BODIES)[number] | (typeof ODD_BODIES)[number];

const dateFields = (d: string) => ({ next_bill_date: d, restart_date: d, expires: d, from: d, to: d });
const ODD_QUERIES = [
  {},
  ...BAD_DATES.map(dateFields),
  { after: '99999999999999999999' },
  { after: '-1' },
  { after: '1.5' },
  { before: '99999999999999999999' },
  { before: 'constructor' },
  { before: '0', customer: '__proto__', user: '1e3' },
  { source: '99999999999999999999' },
  { customer: '99999999999999999999', rerun: '%00' },
];

function send(req: Test, kind: BodyKind, csrf: string | null, date: string): Test {
  if (csrf) req.set('X-CSRF-Token', csrf);
  switch (kind) {
    case 'malformed json':
      return req.set('Content-Type', 'application/json').send('{"reason": "x", ');
    case 'text/plain':
      return req.set('Content-Type', 'text/plain').send('reason=x&body=y');
    case 'multipart':
      return req.field('reason', 'x').field('body', 'y');
    case '200 KB field':
      return req.type('form').send({ reason: 'x'.repeat(200_000), body: 'y' });
    case 'NUL bytes':
      return req
        .type('form')
        .send(
          'reason=a%00b&body=a%00b&email=a%00b%40example.com&value=a%00b&type=email&first_name=a%00&tag=a%00&name=a%00',
        );
    case 'unknown charset':
      return req.set('Content-Type', 'application/x-www-form-urlencoded; charset=klingon').send('reason=x');
    case 'json unknown charset':
      return req.set('Content-Type', 'application/json; charset=klingon').send('{"reason":"x"}');
    case 'impossible dates':
      return req.type('form').send({ ...dateFields(date), quantity: '1', unit_price: '1.00', price_scope: 'always' });
    case 'odd values':
      return req.type('form').send({
        'quantities[constructor]': '1',
        source_id: '99999999999999999999',
        ids: '__proto__',
        amount: '1,2',
        type: 'toString',
        role: 'constructor',
        quantity: '1e3',
        unit_price: '1,2',
        product_option_id: '-1',
      });
    case 'empty':
      return req.type('form').send('');
  }
}

/** The main tables' row counts and the rows an action would change, in one round trip. */
async function rowCounts(t: TestApp): Promise<string> {
  const tables = [
    'customers',
    'orders',
    'transactions',
    'purchases',
    'fulfillments',
    'history_entries',
    'events',
    'users',
    'blocklist_entries',
    'refund_queue',
    'email_outbox',
    'notify_emails',
    'products',
    'product_options',
    'files',
  ];
  const { rows } =
    await t.deps.db.raw(`SELECT ${tables.map((name) => `(SELECT count(*) FROM ${name}) AS ${name}`).join(', ')},
    (SELECT json_agg(json_build_array(password_hash, role, disabled_at) ORDER BY id) FROM users) AS user_rows,
    (SELECT json_agg(json_build_array(status, next_bill_date, quantity, unit_price_cents) ORDER BY id) FROM purchases) AS purchase_rows,
    (SELECT row_to_json(s) FROM settings s) AS settings_row`);
  return JSON.stringify(rows[0]);
}

/** A real record for each kind of `:param`, so a route is also tried past its lookup. */
async function realParams(t: TestApp): Promise<Record<string, string>> {
  const first = async (table: string, column = 'id') =>
    String((await t.deps.db(table).orderBy('id').first(column))?.[column] ?? '1');
  return {
    '/customers/:id': await first('customers'),
    '/files/:id': await first('files'),
    '/purchases/:id': await first('purchases'),
    '/fulfillments/:id': await first('fulfillments'),
    '/transactions/:id': await first('transactions'),
    '/refund-queue/:id': await first('refund_queue'),
    '/admin/users/:id': await first('users'),
    '/admin/notify-emails/:id': await first('notify_emails'),
    '/admin/products/:id': await first('products'),
    '/admin/blocklist/:id': await first('blocklist_entries'),
    '/orders/:orderId': await first('orders', 'public_id'),
    ':block': 'contact',
    ':tag': 'vip',
  };
}

const paramsOf = (path: string) => path.match(/:[a-zA-Z]+/g) ?? [];
function realValue(real: Record<string, string>, path: string, param: string): string {
  if (real[param]) return real[param];
  const prefix = path.slice(0, path.indexOf(param) + param.length);
  return real[prefix] ?? '1';
}
const fill = (path: string, values: string[]) => {
  let i = 0;
  return path.replace(/:[a-zA-Z]+/g, () => encodeURIComponent(values[i++]).replace('%2500', '%00'));
};

type Who = Role | 'anonymous';
const WHO: Who[] = ['anonymous', 'agent', 'cs_admin', 'admin'];
// ROBUSTNESS_SCALE=5 samples five times as many inputs (a deeper local run; CI keeps the default).
const SCALE = Number(process.env.ROBUSTNESS_SCALE ?? 1);
const RUNS: Record<Who, number> = { anonymous: 2 * SCALE, agent: 2 * SCALE, cs_admin: 2 * SCALE, admin: 5 * SCALE };
let generated = 0;

describe('no request is answered with a 500 or a stack trace', () => {
  let t: TestApp;
  let real: Record<string, string>;
  const sessions = new Map<Who, { agent: ReturnType<typeof request.agent>; csrf: string | null }>();

  beforeAll(async () => {
    t = await createTestApp();
    real = await realParams(t);
    sessions.set('anonymous', { agent: request.agent(t.app), csrf: null });
    for (const role of ['agent', 'cs_admin', 'admin'] as const) sessions.set(role, await signIn(t.app, EMAILS[role]));
  });
  afterAll(async () => {
    await t.close();
    // One line for the closing note: how much the generated test covered.
    process.stdout.write(`robustness: ${routes.length} routes, ${generated} generated requests\n`);
  });

  // Logging out ends the session the other runs use; it takes no input, so anonymous runs cover it.
  const cases = WHO.flatMap((who) =>
    routes
      .filter((r) => !(who !== 'anonymous' && r.path === '/logout'))
      .map((r) => [who, r.method, r.path, r] as const),
  );

  it.each(cases)('%s: %s %s', async (who, method, path, route: Route) => {
    const { agent, csrf } = sessions.get(who)!;
    // A portal route's token is its only credential: anyone may try one, and a wrong one is not found.
    const { permission } = route;
    // Anonymous runs send no CSRF token, so their portal mutations stop at the CSRF check (403) first.
    const allowed =
      (permission === 'portal' && (who !== 'anonymous' || method === 'get')) ||
      (who !== 'anonymous' && (permission === 'public' || (permission !== 'portal' && can(who, permission))));
    const params = paramsOf(path);
    const before = await rowCounts(t);
    const kinds: BodyKind[] = method === 'get' ? ['empty'] : [...REFUSED_BODIES, ...ODD_BODIES];
    const input = fc.record({
      // A real record only with a body that must be refused (or a page): otherwise the action would run.
      ids: fc.tuple(...params.map(() => fc.constantFrom(...ODD_IDS, null))),
      kind: fc.constantFrom(...kinds),
      query: fc.constantFrom(...ODD_QUERIES),
      date: fc.constantFrom(...BAD_DATES),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ ids, kind, query, date }) => {
        const refusedBody =
          (REFUSED_BODIES as readonly string[]).includes(kind) && !(kind === 'multipart' && takesFiles(route));
        const useReal = method === 'get' || refusedBody;
        const values = params.map(
          (p, i) => ids[i] ?? (useReal ? realValue(real, path, p) : ODD_IDS[i % ODD_IDS.length]),
        );
        const url = fill(path, values);
        const req = agent[method as 'get'](url).query(query);
        const res =
          method === 'get' ? await req.set(csrf ? { 'X-CSRF-Token': csrf } : {}) : await send(req, kind, csrf, date);
        generated++;
        const where = `${who} ${method.toUpperCase()} ${url} ${JSON.stringify(query)} body=${kind} → ${res.status}`;
        expect([where, res.status < 500]).toEqual([where, true]);
        expect([where, LEAK.test(res.text ?? '')]).toEqual([where, false]);
        if (method !== 'get' && refusedBody)
          expect([where, [400, 403, 413, 415, 303].includes(res.status)]).toEqual([where, true]);
        const oddId = values.some((v) => ODD_IDS.includes(v));
        // The portal's lookups are rate limited: a run of wrong tokens ends in 429 instead of 404.
        const limited = route.permission === 'portal' && res.status === 429;
        if (allowed && oddId && !refusedBody && !limited && !/\/(tags\/:tag)$/.test(path))
          expect([where, res.status]).toEqual([where, 404]);
      }),
      { numRuns: RUNS[who] },
    );
    expect(await rowCounts(t)).toBe(before);
  });

  // The routes whose forms or filters hold a date, on a real record, with every other field valid:
  // only the impossible date is wrong, so the answer must be its own 422 and nothing written.
  const DATED: [string, string, Record<string, string>][] = [
    [
      'patch',
      '/purchases/:id',
      { quantity: '1', unit_price: '10.00', price_scope: 'always', product_option_id: ':option' },
    ],
    ['post', '/purchases/:id/pause', {}],
    ['delete', '/purchases/:id/pause', {}],
    ['post', '/admin/blocklist', { type: 'email', value: 'dated@example.com', reason: 'Fraud' }],
    ['get', '/customers', {}],
    ['get', '/admin/events', {}],
    ['get', '/reports/customer-service', {}],
  ];
  it.each(DATED.flatMap(([m, p, f]) => BAD_DATES.map((d) => [m, p, d, f] as const)))(
    '%s %s with the date %s answers 422 and writes nothing',
    async (method, path, date, fields) => {
      const { agent, csrf } = sessions.get('admin')!;
      const purchase = await t.deps.db('purchases').where({ status: 'active' }).orderBy('id').first();
      const url = path.replace(':id', String(purchase.id));
      const before = await rowCounts(t);
      const form = { ...fields, product_option_id: String(purchase.product_option_id), ...dateFields(date) };
      const res =
        method === 'get'
          ? await agent.get(url).query(dateFields(date))
          : await agent[method as 'post'](url).set('X-CSRF-Token', csrf!).type('form').send(form);
      expect(res.status).toBe(422);
      expect(res.text).toMatch(/real date|Use a date|as a date/);
      expect(await rowCounts(t)).toBe(before);
    },
  );
});
