import { z } from 'zod';
import * as rq from './schemas/requests';
import * as rs from './schemas/resources';

type Op = {
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  ok: [number, z.ZodType, string][];
  refusals?: number[];
};

/** Every operation, written once: `test/http/api/openapi.test.ts` fails when a route has none. */
const OPERATIONS: Record<string, Op> = {
  'post /customers': {
    summary: 'Create a lead or customer; the same email, or phone and name, updates the existing one',
    body: rq.CustomerCreate,
    ok: [
      [201, rs.Customer, 'Created'],
      [200, rs.Customer, 'An existing customer matched and was updated'],
    ],
    refusals: [409, 422],
  },
  'get /customers': {
    summary: 'Find customers (oldest change first, keyset pages)',
    query: rq.CustomerQuery,
    ok: [[200, rs.page(rs.Customer), 'A page of customers']],
  },
  'get /customers/{id}': { summary: 'One customer', ok: [[200, rs.Customer, 'The customer']], refusals: [404] },
  'patch /customers/{id}': {
    summary: 'Change some fields of a customer',
    body: rq.CustomerPatch,
    ok: [[200, rs.Customer, 'The customer as saved']],
    refusals: [404, 409, 422],
  },
  'post /orders': {
    summary: 'Place an order and charge it (blocklist first); a decline is an answer, not an error',
    body: rq.OrderCreate,
    ok: [[201, rs.OrderOutcome, 'The order, approved or declined and why']],
    refusals: [404, 409, 422],
  },
  'get /orders/{id}': {
    summary: 'One order with its items, transactions, fulfillments and purchases',
    ok: [[200, rs.Order, 'The order']],
    refusals: [404],
  },
  'post /orders/{id}/upsells': {
    summary: 'Add items to an order and charge them',
    body: rq.UpsellCreate,
    ok: [[201, rs.OrderOutcome, 'The order, and whether the upsell was approved']],
    refusals: [404, 409, 422],
  },
  'get /transactions': {
    summary: 'Transactions, oldest first (keyset pages)',
    query: rq.TransactionQuery,
    ok: [[200, rs.page(rs.Transaction), 'A page of transactions']],
  },
  'post /transactions/{id}/refunds': {
    summary: 'Refund a settled charge, in full or in part',
    body: rq.RefundCreate,
    ok: [
      [201, rs.MoneyBack, 'Refunded'],
      [202, rs.MoneyBack, 'Declined by the gateway and queued for retries'],
    ],
    refusals: [404, 409, 422, 502],
  },
  'post /transactions/{id}/voids': {
    summary: 'Void an unsettled charge',
    body: rq.VoidCreate,
    ok: [[201, rs.MoneyBack, 'Voided']],
    refusals: [404, 409, 422, 502],
  },
  'patch /fulfillments/{id}': {
    summary: 'Report a fulfillment shipped (carrier and tracking), delivered or returned',
    body: rq.FulfillmentPatch,
    ok: [[200, rs.Fulfillment, 'The fulfillment']],
    refusals: [404, 409, 422],
  },
  'get /purchases/{id}': {
    summary: 'One purchase (subscription)',
    ok: [[200, rs.Purchase, 'The purchase']],
    refusals: [404],
  },
  'post /purchases/{id}/cancellation': {
    summary:
      "Cancel a subscription now or after the next billing, with one of the account's cancellation reasons (Admin → Settings, matched ignoring case); any other reason is a 422 naming the list",
    body: rq.CancellationCreate,
    ok: [[201, rs.Purchase, 'The purchase']],
    refusals: [404, 409, 422],
  },
};

const MONEY = new Set([
  'post /orders',
  'post /orders/{id}/upsells',
  'post /transactions/{id}/refunds',
  'post /transactions/{id}/voids',
]);
const ALWAYS = [400, 401, 403, 429];
const problem = { $ref: '#/components/schemas/Problem' };

function operation(key: string, op: Op) {
  const [method, path] = key.split(' ');
  const params = [
    ...(path.includes('{id}') ? [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] : []),
    ...(method === 'post'
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: MONEY.has(key),
            schema: { type: 'string', minLength: 8, maxLength: 255 },
          },
        ]
      : []),
    ...Object.entries(op.query?.shape ?? {}).map(([name, s]) => ({
      name,
      in: 'query',
      required: false,
      schema: schema(s as z.ZodType),
    })),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, s, description] of op.ok)
    responses[status] = { description, content: { 'application/json': { schema: schema(s) } } };
  for (const status of [...ALWAYS, ...(op.body ? [413, 415] : []), ...(op.refusals ?? [])])
    responses[status] = {
      description: 'A problem (RFC 9457)',
      content: { 'application/problem+json': { schema: problem } },
    };
  return {
    summary: op.summary,
    parameters: params,
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: schema(op.body, 'input') } } } }
      : {}),
    responses,
  };
}

/**
 * A zod schema as a self-contained JSON Schema 2020-12 with its `.describe()` texts (the global registry),
 * its $defs put back in place: a local $ref inside an OpenAPI document would resolve against the document's
 * root. The ids given with .meta name the components.
 */
function schema(s: z.ZodType, io: 'input' | 'output' = 'output') {
  const { $schema: _s, $defs, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' });
  return inlineDefs(rest, ($defs ?? {}) as Record<string, unknown>) as Record<string, unknown>;
}

/** Every `{"$ref": "#/$defs/X", …}` replaced by X itself (and the ref's own keys, e.g. a description); no cycles here. */
function inlineDefs(node: unknown, defs: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((n) => inlineDefs(n, defs));
  if (node === null || typeof node !== 'object') return node;
  const { $ref, ...own } = node as Record<string, unknown>;
  const inlined = Object.fromEntries(Object.entries(own).map(([k, v]) => [k, inlineDefs(v, defs)]));
  if (typeof $ref !== 'string' || !$ref.startsWith('#/$defs/')) return $ref === undefined ? inlined : node;
  const { id: _id, ...def } = inlineDefs(defs[$ref.slice('#/$defs/'.length)], defs) as Record<string, unknown>;
  return { ...def, ...inlined };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, op] of Object.entries(OPERATIONS)) {
    const [method, path] = key.split(' ');
    paths[path] = { ...paths[path], [method]: operation(key, op) };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: { title: 'Continuity Desk API', version: '1', description: 'See docs/API.md for the rules.' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key from Admin → API keys' } },
      schemas: Object.fromEntries(
        [
          rs.Customer,
          rs.Transaction,
          rs.Fulfillment,
          rs.Purchase,
          rs.Order,
          rs.OrderOutcome,
          rs.MoneyBack,
          rs.Problem,
        ].map((s) => [(z.globalRegistry.get(s) as { id: string }).id, schema(s)]),
      ),
    },
  };
}
