// A route is declared once, with its OpenAPI operation: the router and /api/openapi.json are both
// built from the same list, so they cannot disagree.
import type { Request, Response } from 'express';
import type { Permission } from '../auth/permissions';
import type { AppContext } from './app-context';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A query parameter, as OpenAPI describes it. */
export interface OpenApiParameter {
  name: string;
  in: 'query';
  description: string;
  required?: boolean;
  schema: Record<string, unknown>;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { schema: Record<string, unknown>; description?: string };
  /**
   * Status code -> description and optional JSON schema of the body; `content` instead, for a
   * body that is not (only) JSON: media type -> its schema. `headers`: response headers that
   * matter to the caller, such as Content-Disposition.
   */
  responses: Record<
    string,
    {
      description: string;
      schema?: Record<string, unknown>;
      content?: Record<string, { schema: Record<string, unknown> }>;
      headers?: Record<string, { description: string; schema: Record<string, unknown> }>;
    }
  >;
  /** True for routes anyone may call (health checks, the OpenAPI document). */
  public?: boolean;
}

/** The 401 of every route with a permission. */
export const NO_CALLER = { description: 'No session or API key' };

export interface RouteDefinition {
  /** What the caller must be allowed to do; routes without one are public. */
  permission?: Permission;
  method: HttpMethod;
  /** Express path, such as /api/v1/policies/:key. */
  path: string;
  operation: OpenApiOperation;
  handle: (context: AppContext, request: Request, response: Response) => Promise<void> | void;
}

/** /api/v1/policies/:key -> /api/v1/policies/{key} */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
