import net from 'node:net';
import type { Db } from '../../src/db/knex';

/** A port nobody listens on right now, for a server a benchmark starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Waits until the app answers /healthz: up to 10 minutes, as migrations at start can rebuild indexes of a big database. */
export async function waitForHealth(base: string) {
  for (let i = 0; i < 6000; i++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the app did not become healthy');
}

/** Signs in through the login form as a real browser would; returns the session cookie. */
export async function login(base: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  const jar = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: csrf }),
  });
  if (res.status !== 303) throw new Error(`bench login failed: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('cd.sid='))!;
}

export interface SampleCustomer {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  phone: string;
  public_id: string;
  last4: string;
}

/** About 200 customers spread over the table, each with an order and a card to look up. */
export async function sampleCustomers(db: Db): Promise<SampleCustomer[]> {
  const { rows } = await db.raw(`
    SELECT c.id, c.email, c.first_name, c.last_name, c.phone,
           (SELECT public_id FROM orders o WHERE o.customer_id = c.id LIMIT 1) AS public_id,
           (SELECT last4 FROM payment_instruments p WHERE p.customer_id = c.id LIMIT 1) AS last4
      FROM customers c
     WHERE c.id IN (SELECT (random() * (SELECT max(id) FROM customers))::bigint FROM generate_series(1, 400))
       AND c.email IS NOT NULL LIMIT 200`);
  return rows.filter((s: SampleCustomer) => s.public_id && s.last4);
}
