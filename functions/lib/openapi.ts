// Generates the OpenAPI 3.1 document from the route tables: the zod schemas that validate requests are the
// only description of the API, so the document cannot disagree with what the handlers accept.
import * as z from 'zod';
import type { RouteDef } from './route.ts';
import { type RouteKey, splitRouteKey } from './route.ts';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return rest;
};

const parametersOf = (schema: z.ZodType | undefined, where: 'path' | 'query' | 'header') => {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const operationOf = (key: RouteKey, route: RouteDef) => {
  const { method } = splitRouteKey(key);
  const secured = route.auth !== 'public';
  const responses: Record<string, unknown> = {
    [String(route.status ?? 200)]: {
      description: 'Success',
      ...(route.response
        ? { content: { 'application/json': { schema: toSchema(route.response, 'output') } } }
        : {}),
    },
    '400': errorResponse('Invalid input, with every offending field'),
    '500': errorResponse('Unexpected error; only the request id is returned'),
  };
  if (secured) {
    responses['401'] = errorResponse('Missing or invalid bearer token');
    responses['403'] = errorResponse('The caller’s role may not do this');
  }
  return {
    method: method.toLowerCase(),
    operation: {
      summary: route.summary,
      ...(route.tags ? { tags: route.tags } : {}),
      operationId: `${method.toLowerCase()}${key.slice(method.length + 1).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ? c.toUpperCase() : ''))}`,
      ...(secured ? { security: [{ bearer: [] }], 'x-roles': route.auth } : {}),
      parameters: [
        ...parametersOf(route.params, 'path'),
        ...parametersOf(route.query, 'query'),
        ...parametersOf(route.headers, 'header'),
      ],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    },
  };
};

export const buildOpenApi = (
  info: { title: string; version: string; description: string },
  routes: ReadonlyArray<{ key: RouteKey; route: RouteDef }>,
) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { key, route } of routes) {
    const { path } = splitRouteKey(key);
    const { method, operation } = operationOf(key, route);
    paths[path] ??= {};
    paths[path][method] = operation;
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'requestId'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                details: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { path: { type: 'string' }, message: { type: 'string' } },
                  },
                },
              },
            },
            requestId: { type: 'string' },
          },
        },
      },
    },
  };
};
