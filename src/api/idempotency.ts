import crypto from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Db } from '../db/knex';
import { keyOf } from './auth';
import { ApiProblem } from './problems';

const DAY_MS = 24 * 3600 * 1000;
const WAIT_FOR_FIRST_MS = 10_000;

/**
 * `Idempotency-Key` on a POST: the (key, Idempotency-Key) row is inserted before the work, so of two
 * concurrent requests only one does it; the other waits for the first answer and replays it. The same
 * key with the same method, path and body replays the first status and body for 24 hours; with
 * another body it is refused. A 5xx is not kept, so a retry after a server fault runs again.
 */
export const idempotent =
  (required: boolean): RequestHandler =>
  async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (key === undefined) {
      if (required)
        throw new ApiProblem(400, 'idempotency_key_missing', 'This call moves money: send an Idempotency-Key header.');
      return next();
    }
    if (!/^[\x21-\x7e]{8,255}$/.test(key))
      throw new ApiProblem(400, 'idempotency_key_invalid', 'An Idempotency-Key is 8 to 255 printable characters.');
    const db = req.deps.db;
    const apiKeyId = keyOf(res).id;
    const fingerprint = crypto
      .createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? {})}`)
      .digest('hex');
    const now = req.deps.clock.now();
    await db('api_requests')
      .where({ api_key_id: apiKeyId, idempotency_key: key })
      .where('created_at', '<', new Date(now.getTime() - DAY_MS))
      .del();
    const [mine] = await db('api_requests')
      .insert({ api_key_id: apiKeyId, idempotency_key: key, fingerprint, created_at: now })
      .onConflict(['api_key_id', 'idempotency_key'])
      .ignore()
      .returning('id');
    if (mine) {
      keepAnswer(db, res, mine.id);
      return next();
    }
    const first = await firstAnswer(db, apiKeyId, key);
    if (first.fingerprint !== fingerprint)
      throw new ApiProblem(422, 'idempotency_key_reused', 'This Idempotency-Key was used with another request.');
    if (first.status === null)
      throw new ApiProblem(
        409,
        'idempotency_in_flight',
        'The first request with this Idempotency-Key is still running.',
      );
    res.set('Idempotent-Replayed', 'true');
    res.status(first.status).type(first.status >= 400 ? 'application/problem+json' : 'application/json');
    res.send(JSON.stringify(first.body));
  };

/** Stores the first answer's status and body when it is sent (or forgets the request on a 5xx). */
function keepAnswer(db: Db, res: Response, id: number) {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    const saved =
      res.statusCode >= 500
        ? db('api_requests').where({ id }).del()
        : db('api_requests')
            .where({ id })
            .update({ status: res.statusCode, body: JSON.stringify(body) });
    // Answered once the answer is kept, so a retry can never arrive before it; kept or not, the work is done.
    void saved.then(
      () => json(body),
      () => json(body),
    );
    return res;
  };
}

async function firstAnswer(db: Db, apiKeyId: number, key: string) {
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const row = await db('api_requests').where({ api_key_id: apiKeyId, idempotency_key: key }).first();
    if (!row) throw new ApiProblem(409, 'idempotency_in_flight', 'The first request with this key failed; retry.');
    if (row.status !== null || Date.now() > deadline) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
}
