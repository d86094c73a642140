import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { SessionUser } from '../auth/service';
import { parseId } from '../http/params';
import type { Failure } from '../lib/results';
import { keyOf } from './auth';
import { principalOf } from './principal';
import { ApiProblem, failureProblem, invalid } from './problems';

/** The small steps every API handler shares: parse, name the actor, turn a failure into a problem. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

export const principal = (res: Response): SessionUser => principalOf(keyOf(res));

/** A service's own key for this call: the caller's Idempotency-Key, kept apart per API key. */
export const serviceKey = (req: Request, res: Response) => `api${keyOf(res).id}:${req.get('idempotency-key')}`;

export function idFrom(req: Request, what: string): number {
  const id = parseId(req.params.id);
  if (id === null) throw new ApiProblem(404, 'not_found', `${what} was not found.`);
  return id;
}

export function orderIdFrom(req: Request): string {
  const raw = String(req.params.id ?? '').toUpperCase();
  if (!/^[A-Z0-9]{6,12}$/.test(raw)) throw new ApiProblem(404, 'not_found', 'That order was not found.');
  return raw;
}

export function found<T>(row: T | undefined | null, what: string): T {
  if (!row) throw new ApiProblem(404, 'not_found', `${what} was not found.`);
  return row;
}

export function succeeded<T extends { ok: boolean }>(result: T): Exclude<T, Failure> {
  if (!result.ok) throw failureProblem(result as unknown as Failure);
  return result as Exclude<T, Failure>;
}
