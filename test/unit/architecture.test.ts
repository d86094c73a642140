import fs from 'node:fs';
import path from 'node:path';
import { findCycle, importGraph } from '../support/imports';

/**
 * The rules of docs/ARCHITECTURE.md, read from the code itself so a later change cannot quietly break
 * them: who may import whom, no import cycles, thin handlers without SQL, small files.
 */
const root = path.resolve(__dirname, '../../src');
const graph = importGraph(root);
const room = (file: string) => (file.includes('/') ? file.split('/')[0] : file.replace(/\.ts$/, ''));
const DOMAINS = new Set([
  'api',
  'audit',
  'auth',
  'blocklist',
  'coupons',
  'credits',
  'cards',
  'customers',
  'dashboard',
  'email',
  'fulfillments',
  'imports',
  'orders',
  'payments',
  'products',
  'qa',
  'reports',
  'settings',
  'subscriptions',
  'webhooks',
]);
const edges = [...graph].flatMap(([from, deps]) => deps.map((to) => ({ from, to })));
const broken = (rule: (e: { from: string; to: string }) => boolean) =>
  edges.filter(rule).map((e) => `${e.from} → ${e.to}`);

describe('the import rules', () => {
  it('lib imports nothing but lib', () => {
    expect(broken((e) => room(e.from) === 'lib' && room(e.to) !== 'lib')).toEqual([]);
  });

  it('db imports only lib and config', () => {
    expect(broken((e) => room(e.from) === 'db' && !['db', 'lib', 'config'].includes(room(e.to)))).toEqual([]);
  });

  it('http imports no domain code but login (auth) and the pure state tables', () => {
    const allowed = (to: string) => !DOMAINS.has(room(to)) || /^(auth\/\w+|\w+\/states)\.ts$/.test(to);
    expect(broken((e) => room(e.from) === 'http' && !allowed(e.to))).toEqual([]);
  });

  it('a domain never imports the app, the route table or another domain’s routes and handlers', () => {
    const top = ['app', 'routes', 'server'];
    const doorway = (to: string) => /\/(routes|handlers)(\.ts|\/)/.test(to) || /-handlers\.ts$/.test(to);
    expect(
      broken(
        (e) =>
          DOMAINS.has(room(e.from)) && (top.includes(room(e.to)) || (room(e.to) !== room(e.from) && doorway(e.to))),
      ),
    ).toEqual([]);
  });

  it('payments does not know customers or orders, and reaches subscriptions only to cancel one', () => {
    expect(
      broken(
        (e) =>
          room(e.from) === 'payments' &&
          (['customers', 'orders'].includes(room(e.to)) ||
            (room(e.to) === 'subscriptions' && e.to !== 'subscriptions/cancellation.ts')),
      ),
    ).toEqual([]);
  });

  it('there are no import cycles', () => {
    expect(findCycle(graph)).toBeNull();
  });
});

const sources = [...graph.keys()].map((f) => ({ file: f, text: fs.readFileSync(path.join(root, f), 'utf8') }));
const handlerFiles = sources.filter((s) => /(^|\/)handlers(\.ts|\/)|-handlers\.ts$/.test(s.file));

describe('the shape of the code', () => {
  it('no file in src/ is over 200 lines', () => {
    const long = sources.filter((s) => s.text.trimEnd().split('\n').length > 200).map((s) => s.file);
    expect(long).toEqual([]);
  });

  it('handlers run no SQL (queries and services do)', () => {
    const sql = /\bdb\s*\(\s*['"`]|\.db\s*\.\s*raw\b|\bdb\.raw\b|\btrx\s*\(|\.db\s*\(\s*['"`]/;
    expect(handlerFiles.filter((s) => sql.test(s.text.replace(/\s+/g, ' '))).map((s) => s.file)).toEqual([]);
  });

  it('no handler function is over 25 lines', () => {
    const long: string[] = [];
    for (const s of handlerFiles) {
      const lines = s.text.split('\n');
      const starts = lines.flatMap((l, i) => (/^(export )?(async )?(function|const) /.test(l) ? [i] : []));
      starts.push(lines.length);
      for (let k = 0; k + 1 < starts.length; k++) {
        let end = starts[k + 1];
        while (end > starts[k] && (lines[end - 1].trim() === '' || lines[end - 1].startsWith('//'))) end--;
        while (end > starts[k] && /^\/?\*/.test(lines[end - 1].trim())) end--;
        if (end - starts[k] > 25) long.push(`${s.file}: ${lines[starts[k]].slice(0, 60)} (${end - starts[k]} lines)`);
      }
    }
    expect(long).toEqual([]);
  });
});
