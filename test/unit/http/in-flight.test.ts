import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { inFlightRequests } from '../../../src/http/in-flight';

describe('inFlightRequests', () => {
  it('waits for a request whose client has left until its handler has answered', async () => {
    const requests = inFlightRequests();
    let entered!: () => void;
    let release!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    const mayAnswer = new Promise<void>((r) => (release = r));
    const app = express();
    app.use(requests.middleware);
    app.get('/slow', async (_req, res) => {
      entered();
      await mayAnswer;
      res.send('done');
    });
    const server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = http.get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`);
    client.on('error', () => {});
    await inHandler;
    client.destroy();

    let idle = false;
    const waiting = requests.idle().then(() => (idle = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(idle).toBe(false);
    release();
    await waiting;
    expect(idle).toBe(true);
    await new Promise((r) => server.close(r));
  });

  it('is idle at once when nothing is running', async () => {
    await expect(inFlightRequests().idle()).resolves.toBeUndefined();
  });
});
