import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from './app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

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
