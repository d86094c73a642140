import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'reply_lost_as_500' | 'no_reply';

/**
 * A real HTTP hop in front of the Stripe mock that loses replies on demand: the request reaches the
 * mock (which acts on it), and the caller gets a 500 or nothing at all — what a load balancer or a
 * dropped connection does to a call that Stripe did perform.
 */
export async function startFaultProxy(target: string) {
  const faults: Fault[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const fault = faults.shift();
    const upstream = http.request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
      (answer) => {
        if (!fault) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        answer.resume();
        if (fault === 'no_reply') hanging.add(res);
        else
          res
            .writeHead(500, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { type: 'api_error', message: 'The upstream reply was lost' } }));
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** The next request reaches Stripe but its reply is lost this way. */
    failNext: (fault: Fault) => faults.push(fault),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
