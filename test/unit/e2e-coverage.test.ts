import fs from 'node:fs';
import path from 'node:path';
import { routes } from '../../src/routes';

/**
 * Generated from the route table: every mutating route is clicked in a real Chromium by some e2e
 * test, through `oneMutation(page, 'METHOD /path', …)`. A new mutating route without a browser
 * test fails here.
 */
function e2eSources(dir: string): string {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .map((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e2eSources(p);
      return e.name.endsWith('.test.ts') ? fs.readFileSync(p, 'utf8') : '';
    })
    .join('\n');
}

const sources = e2eSources(path.join(__dirname, '..', 'e2e'));
const mutating = routes.filter((r) => r.method !== 'get').map((r) => `${r.method.toUpperCase()} ${r.path}`);

describe('every mutating route has a browser test', () => {
  it.each(mutating)('%s', (route) => {
    expect(sources).toMatch(
      new RegExp(`oneMutation\\(\\s*[\\w.]+,\\s*'${route.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}'`),
    );
  });
});
