import { z } from 'zod';
import type { Route } from './route.js';
import { Problem } from './schemas.js';

type Document = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const document = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete document['$schema'];
  return document;
}

/** OpenAPI 3.1, from the same zod schemas that validate the requests. */
export function buildOpenApi(routes: readonly Route[]): Document {
  const paths: Document['paths'] = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [part, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      const object = jsonSchema(schema, 'input') as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, property] of Object.entries(object.properties ?? {})) {
        parameters.push({
          name,
          in: part,
          required: part === 'path' || (object.required ?? []).includes(name),
          schema: property,
        });
      }
    }
    if (route.auth === true && !route.operator) {
      parameters.push({
        name: 'Seatledger-Organization',
        in: 'header',
        required: false,
        schema: { type: 'string', maxLength: 64 },
        description:
          'With an operator key only: the organisation the operator acts for (the audit log names the operator).',
      });
    }
    if (route.method === 'POST' && route.auth && !route.operator) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', maxLength: 255 },
        description:
          'Same key and body: the same response again; another body: idempotency_key_reused. Kept 24 hours.',
      });
    }
    const status = String(route.status ?? 200);
    const problem = {
      description: 'A problem (RFC 9457)',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      operationId: operationId(route),
      security: route.operator
        ? [{ operatorKey: [] }]
        : route.auth === true
          ? [{ apiKey: [] }, { session: [] }, { operatorKey: [] }]
          : route.auth === 'optional'
            ? [{}, { apiKey: [] }, { session: [] }]
            : [],
      parameters,
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [status]:
          status === '204'
            ? { description: 'Done' }
            : {
                description: 'OK',
                content: { 'application/json': { schema: jsonSchema(route.response, 'output') } },
              },
        '4XX': problem,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Seatledger API',
      version: '1',
      description:
        'Seat licences, assignment and per-seat billing. Amounts are integers in minor units of the currency.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: jsonSchema(Problem, 'output') },
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key of the organisation' },
        operatorKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            "An operator key (op_...) of the vendor running Seatledger: the catalog and the customers; on an organisation's routes, with the Seatledger-Organization header",
        },
        session: { type: 'apiKey', in: 'cookie', name: 'sl_session' },
      },
    },
  };
}

function operationId(route: Route): string {
  const words = route.url
    .replace('/v1/', '')
    .split('/')
    .filter((word) => !word.startsWith(':'))
    .flatMap((word) => word.split('-'));
  const verb = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' }[
    route.method
  ];
  const byId = route.url.endsWith('Id') || /:(\w+)$/.test(route.url) ? 'ById' : '';
  return verb + words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('') + byId;
}

const escape = (text: string): string =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );

/** A reference page for people, rendered from the OpenAPI document. */
export function docsPage(document: Document): string {
  const rows = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const op = operation as {
        summary: string;
        tags: string[];
        requestBody?: unknown;
        parameters: unknown[];
      };
      return `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${escape(op.summary)}</p>${op.parameters.length ? `<details><summary>Parameters</summary><pre>${escape(JSON.stringify(op.parameters, null, 2))}</pre></details>` : ''}${op.requestBody ? `<details><summary>Request body</summary><pre>${escape(JSON.stringify(op.requestBody, null, 2))}</pre></details>` : ''}</section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Seatledger API reference</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1c2430}
section{border-top:1px solid #dde3ea;padding:.5rem 0}h3{font-size:1rem;margin:.5rem 0}
.m{display:inline-block;min-width:4.5rem;font-size:.8rem;padding:.1rem .4rem;border-radius:4px;background:#e8eef6}
.post{background:#dff3e4}.delete{background:#fbe3e3}.patch,.put{background:#fdf1d8}pre{background:#f5f7fa;padding:.5rem;overflow:auto}
</style></head><body><h1>Seatledger API reference</h1>
<p>Errors are RFC 9457 problem documents with a stable <code>code</code> and the <code>field</code> at fault. Every authenticated POST takes an <code>Idempotency-Key</code>. The machine-readable document is at <a href="/openapi.json">/openapi.json</a>.</p>
${rows.join('\n')}</body></html>`;
}
