import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { STRIPE_URL_FILE } from './paths';

/**
 * stripe-stateful-mock as a real HTTP server on its own port, started once by globalSetup: the Stripe
 * adapter talks to it over HTTP through the official library, as it would to api.stripe.com.
 */
export async function startStripeMock(): Promise<http.Server> {
  const { createExpressApp } = require('stripe-stateful-mock') as { createExpressApp(): http.RequestListener };
  // Its error log names every card decline we provoke on purpose.
  (require('loglevel') as { setLevel(l: string): void }).setLevel('silent');
  const server = http.createServer(createExpressApp());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fs.writeFileSync(STRIPE_URL_FILE, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return server;
}

/** The mock's address, for test files (each runs in its own worker). */
export const stripeMockUrl = () => fs.readFileSync(STRIPE_URL_FILE, 'utf8');
