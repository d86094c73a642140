import type { Request, Response } from 'express';
import { fieldErrors } from '../http/forms';
import { flash } from '../http/flash';
import { redirectAfter } from '../http/htmx';
import { idParam } from '../http/params';
import { createApiKey, listApiKeys, newKeyCommand, revokeApiKey, SCOPES } from './keys';

type Locals = {
  errors?: Record<string, string>;
  values?: Record<string, unknown>;
  created?: { name: string; key: string };
};

const render = async (req: Request, res: Response, locals: Locals = {}, status = 200) =>
  res.page(
    'api-keys/index',
    {
      title: 'API keys',
      keys: await listApiKeys(req.deps.db),
      SCOPES,
      errors: {},
      values: {},
      created: null,
      ...locals,
    },
    status,
  );

export const index = (req: Request, res: Response) => render(req, res);

/** Checkboxes send one value or several; the address box one range a line (or comma-separated). */
const formInput = (body: Record<string, unknown>) => ({
  name: body.name,
  scopes: ([] as unknown[]).concat(body.scopes ?? []),
  allowed_cidrs: String(body.allowed_cidrs ?? '')
    .split(/[\s,]+/)
    .filter(Boolean),
});

/** The key is shown in this answer only (never stored in clear, never put in a flash message). */
export async function create(req: Request, res: Response) {
  const parsed = newKeyCommand.safeParse(formInput(req.body));
  if (!parsed.success) return render(req, res, { errors: fieldErrors(parsed.error), values: req.body }, 422);
  const { key } = await createApiKey(req.deps.db, req.user!, parsed.data);
  return render(req, res, { created: { name: parsed.data.name, key } }, 201);
}

export async function revoke(req: Request, res: Response) {
  const result = await revokeApiKey(req.deps.db, req.user!, idParam(req, 'That API key'), req.deps.clock.now());
  flash(req, result.ok ? 'success' : 'error', result.ok ? `The key “${result.name}” no longer works.` : result.message);
  redirectAfter(req, res, '/admin/api-keys');
}
