import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from './app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserHarness {
  t: TestApp;
  browser: Browser;
  baseUrl: string;
  /** A new page signed in as the given demo user, on the dashboard. */
  signedIn(email: string): Promise<Page>;
  close(): Promise<void>;
}

/** The real app on a real port, driven by Debian's Chromium through playwright-core. */
export async function startBrowserHarness(): Promise<BrowserHarness> {
  const t = await createTestApp();
  const server = http.createServer(t.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  return {
    t,
    browser,
    baseUrl,
    async signedIn(email) {
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto('/login');
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', 'demo-password');
      await Promise.all([page.waitForURL(`${baseUrl}/`), page.click('button[type=submit]')]);
      return page;
    },
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await t.close();
    },
  };
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `'PATCH /purchases/:id'` → a method and a path pattern (any id in place of each `:param`). */
function routeMatcher(route: string) {
  const [method, path] = route.split(' ');
  const pattern = new RegExp(`^${path.replace(/:[a-zA-Z]+/g, '[^/]+')}$`);
  return (m: string, url: string) => m === method && pattern.test(new URL(url).pathname);
}

/**
 * Performs `act` (a click, a submit) and proves it sent exactly one mutating request, to `route`
 * (as written in the route table, e.g. `'POST /customers/:id/notes'`). Returns that request's
 * response after the page has settled. The route string is also what the e2e coverage test looks
 * for, so every mutating route in the table must appear in some e2e test through this helper.
 */
export async function oneMutation(page: Page, route: string, act: () => Promise<unknown>, settleMs = 400) {
  const matches = routeMatcher(route);
  const sent: string[] = [];
  const onRequest = (r: import('playwright-core').Request) => {
    if (MUTATING.has(r.method())) sent.push(`${r.method()} ${new URL(r.url()).pathname}`);
  };
  page.on('request', onRequest);
  try {
    const [response] = await Promise.all([page.waitForResponse((r) => matches(r.request().method(), r.url())), act()]);
    await page.waitForLoadState('domcontentloaded');
    await page.waitForTimeout(settleMs);
    if (sent.length !== 1)
      throw new Error(`${route}: expected one mutating request, the page sent ${sent.length}: ${sent.join(', ')}`);
    return response;
  } finally {
    page.off('request', onRequest);
  }
}
