// The HTTP contract of a capability: method, path, who may call it and the zod schemas of its input. Route
// tables are plain data, imported by the handler (to validate), by the infrastructure manifest (to wire API
// Gateway or the local gateway) and by the OpenAPI generator, so the three cannot drift.
import type * as z from 'zod';
import type { Role } from '../../shared/identity.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RouteKey = `${Method} /${string}`;

export interface RouteDef {
  summary: string;
  tags?: string[];
  /** 'public' needs no token; otherwise the roles allowed (an empty list would lock everyone out). */
  auth: 'public' | readonly [Role, ...Role[]];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Request headers the route reads (validated like the rest of the input). */
  headers?: z.ZodType;
  response?: z.ZodType;
  /** Status of a successful answer; 200 unless said. */
  status?: number;
}

export type RouteTable = Record<RouteKey, RouteDef>;

/** Keeps the literal route keys (for typed handler maps) while checking the shape. */
export const defineRoutes = <const T extends RouteTable>(routes: T): T => routes;

export const splitRouteKey = (key: RouteKey) => {
  const space = key.indexOf(' ');
  return { method: key.slice(0, space) as Method, path: key.slice(space + 1) };
};
