import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../../src/db/knex';
import { createApiKey, newKeyCommand, type Scope, SCOPES } from '../../src/api/keys';
import { openApiDocument } from '../../src/api/openapi';

const document = openApiDocument();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/** The document's path for a concrete URL ("/orders/ABC123/upsells" → "/orders/{id}/upsells"). */
function documented(method: string, url: string) {
  const path = url.replace(/^\/api\/v1/, '').split('?')[0];
  for (const [p, ops] of Object.entries(document.paths)) {
    if (new RegExp(`^${p.replace(/\{id\}/g, '[^/]+')}$`).test(path)) return (ops as Record<string, any>)[method];
  }
  return undefined;
}

/** Every API answer a test sees is checked against the OpenAPI document: status listed, body valid. */
export function checkAgainstDocument(method: string, url: string, res: request.Response) {
  const op = documented(method, url);
  if (!op) throw new Error(`${method.toUpperCase()} ${url} is not in the OpenAPI document`);
  const answer = op.responses[String(res.status)];
  if (!answer) throw new Error(`${method.toUpperCase()} ${url}: status ${res.status} is not documented (${res.text})`);
  const [type, content] = Object.entries(answer.content as Record<string, { schema: object }>)[0];
  expect(res.headers['content-type']).toContain(type);
  const schema = content.schema as Record<string, unknown>;
  const resolved = schema.$ref ? document.components.schemas.Problem : schema;
  const validate = ajv.compile(resolved);
  if (!validate(res.body))
    throw new Error(`${method} ${url} ${res.status}: ${ajv.errorsText(validate.errors)}\n${res.text}`);
}

export const newKey = async (db: Db, scopes: readonly Scope[] = SCOPES, name = 'Storefront', cidrs: string[] = []) =>
  (await createApiKey(db, null, newKeyCommand.parse({ name, scopes, allowed_cidrs: cidrs }))).key;

/** A client with one key: `api.post('/orders', body, key)` → the checked response. */
export function apiClient(app: Express, key: string | null) {
  const call = async (method: 'get' | 'post' | 'patch', url: string, body?: unknown, idem?: string) => {
    let req = request(app)[method](`/api/v1${url}`);
    if (key) req = req.set('Authorization', `Bearer ${key}`);
    if (idem) req = req.set('Idempotency-Key', idem);
    const res = await (body === undefined ? req : req.send(body as object));
    checkAgainstDocument(method, url, res);
    return res;
  };
  return {
    get: (url: string) => call('get', url),
    post: (url: string, body: unknown, idem?: string) => call('post', url, body, idem),
    patch: (url: string, body: unknown) => call('patch', url, body),
  };
}
