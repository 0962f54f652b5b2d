// The OpenAPI 3.1 document of the routes the server really has (see route.ts). Request and result
// schemas are the JSON Schemas of rules/schemas/, referenced by their $id: OpenAPI 3.1 uses JSON
// Schema 2020-12, so they need no translation.
import { SCHEMA_DOCUMENTS } from '../rating/validation';
import { openApiPath, type RouteDefinition } from './route';

export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details; `errors` names each bad field of the request.',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
        required: ['path', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail'],
};

const PROBLEM_RESPONSE = {
  description: 'Problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

export function buildOpenApiDocument(routes: RouteDefinition[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const { operation } = route;
    const responses: Record<string, unknown> = {};
    for (const [code, response] of Object.entries(operation.responses)) {
      responses[code] =
        Number(code) >= 400 && response.schema === undefined
          ? { ...PROBLEM_RESPONSE, description: response.description }
          : {
              description: response.description,
              ...(response.schema && {
                content: { 'application/json': { schema: response.schema } },
              }),
              ...(response.content && { content: response.content }),
              ...(response.headers && { headers: response.headers }),
            };
    }
    responses.default = PROBLEM_RESPONSE;
    const path = openApiPath(route.path);
    // Path parameters come from the route's own path, so they cannot be forgotten.
    const parameters = [
      ...[...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...(operation.parameters ?? []),
    ];
    paths[path] ??= {};
    paths[path]![route.method] = {
      operationId: operation.operationId,
      summary: operation.summary,
      ...(operation.description && { description: operation.description }),
      tags: operation.tags,
      ...(operation.public && { security: [] }),
      ...(parameters.length > 0 && { parameters }),
      ...(operation.requestBody && {
        requestBody: {
          required: true,
          ...(operation.requestBody.description && {
            description: operation.requestBody.description,
          }),
          content: { 'application/json': { schema: operation.requestBody.schema } },
        },
      }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ledgerline API',
      version,
      description:
        'Rules-driven billing: policies, rating, simulations, audit. Errors are application/problem+json and name each bad field.',
    },
    paths,
    components: {
      schemas: {
        Problem: PROBLEM_SCHEMA,
        ...Object.fromEntries(SCHEMA_DOCUMENTS.map((schema) => [schemaName(schema.$id), schema])),
      },
    },
  };
}

/** https://ledgerline.dev/schemas/rating-request.schema.json -> RatingRequest */
function schemaName(id: string): string {
  const file = id.split('/').pop()!.replace('.schema.json', '');
  return file.replace(/(^|-)(\w)/g, (_match, _dash, letter: string) => letter.toUpperCase());
}
