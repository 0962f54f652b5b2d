// The Express app: JSON in, JSON or problem+json out, routes from one table, 405 for a known path
// with the wrong method, 404 for anything else.
import express, { type Request, type Response, type NextFunction } from 'express';
import { can, type Permission, type Principal } from '../auth/permissions';
import { AppError } from '../errors/app-error';
import { adminRoutes } from './admin-routes';
import type { AppContext } from './app-context';
import { auditRoutes } from './audit-routes';
import { customerCsvRoutes } from './customer-csv-routes';
import { customerRoutes } from './customer-routes';
import { disputeRoutes } from './dispute-routes';
import { deliveryRoutes } from './delivery-routes';
import { authRoutes } from './auth-routes';
import { healthRoutes } from './health-routes';
import { invoiceCorrectionRoutes } from './invoice-correction-routes';
import { invoiceRoutes } from './invoice-routes';
import { invoiceRunRoutes } from './invoice-run-routes';
import { sellerSettingsRoutes } from './seller-settings-routes';
import { meterRoutes } from './meter-routes';
import { peopleRoutes } from './people-routes';
import { policyRoutes } from './policy-routes';
import { ratingRoutes } from './rating-routes';
import { retentionRoutes } from './retention-routes';
import { simulationRoutes } from './simulation-routes';
import { subscriptionRoutes } from './subscription-routes';
import { templateRoutes } from './template-routes';
import { usageRoutes } from './usage-routes';
import { webhookEndpointRoutes } from './webhook-endpoint-routes';
import { buildOpenApiDocument } from './openapi-document';
import { problemResponse } from './problem-response';
import { serveEditor } from './serve-editor';
import type { RouteDefinition } from './route';

const VERSION = '0.1.0';
const BODY_LIMIT = '5mb';

export function allRoutes(): RouteDefinition[] {
  return [
    ...healthRoutes,
    openApiRoute,
    ...authRoutes,
    ...ratingRoutes,
    ...auditRoutes,
    ...policyRoutes,
    ...simulationRoutes,
    ...customerRoutes,
    ...customerCsvRoutes,
    ...subscriptionRoutes,
    ...meterRoutes,
    ...usageRoutes,
    ...invoiceRunRoutes,
    ...invoiceRoutes,
    ...deliveryRoutes,
    ...webhookEndpointRoutes,
    ...invoiceCorrectionRoutes,
    ...disputeRoutes,
    ...sellerSettingsRoutes,
    ...retentionRoutes,
    ...templateRoutes,
    ...adminRoutes,
    ...peopleRoutes,
  ];
}

const openApiRoute: RouteDefinition = {
  method: 'get',
  path: '/api/openapi.json',
  operation: {
    operationId: 'openApiDocument',
    summary: 'This API, as an OpenAPI 3.1 document',
    tags: ['operations'],
    public: true,
    responses: { '200': { description: 'The OpenAPI document' } },
  },
  handle: (_context, _request, response) => {
    response.json(buildOpenApiDocument(allRoutes(), VERSION));
  },
};

function requireJsonBody(request: Request, _response: Response, next: NextFunction): void {
  const hasBody =
    request.headers['content-length'] !== '0' && request.headers['content-length'] !== undefined;
  if ((hasBody || request.headers['transfer-encoding']) && !request.is('application/json')) {
    next(new AppError('unsupported_media_type', 'send the request body as application/json'));
    return;
  }
  next();
}

/** 401 for nobody, 403 for someone not allowed; the principal is kept on the request. */
async function authorize(
  context: AppContext,
  request: Request,
  permission: Permission,
): Promise<void> {
  const principal = await context.authenticate(request);
  if (principal === undefined) {
    throw new AppError(
      'unauthenticated',
      'sign in, or send an API key as "Authorization: Bearer <key>"',
    );
  }
  if (!can(principal, permission)) {
    throw new AppError('forbidden', `this needs the "${permission}" permission`);
  }
  principalOf.set(request, principal);
}

const principalOf = new WeakMap<Request, Principal>();

/** The caller of a route that has a permission (authorize ran before the handler). */
export function callerOf(request: Request): Principal {
  const principal = principalOf.get(request);
  if (principal === undefined) throw new Error('no caller: the route declares no permission');
  return principal;
}

export function createApp(context: AppContext, routes: RouteDefinition[] = allRoutes()) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', context.config.trustProxy);
  app.set('query parser', 'simple');
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) {
    const withBody = route.method === 'post' || route.method === 'put' || route.method === 'patch';
    app[route.method](
      route.path,
      ...(withBody ? [requireJsonBody] : []),
      async (request, response) => {
        if (route.permission) await authorize(context, request, route.permission);
        await route.handle(context, request, response);
      },
    );
    methodsByPath.set(route.path, [
      ...(methodsByPath.get(route.path) ?? []),
      route.method.toUpperCase(),
    ]);
  }
  for (const [path, methods] of methodsByPath) {
    app.all(path, (request) => {
      throw new AppError(
        'method_not_allowed',
        `${request.method} is not allowed here; use ${methods.join(' or ')}`,
        {
          headers: { Allow: methods.join(', ') },
        },
      );
    });
  }
  if (context.editorDir) serveEditor(app, context.editorDir);
  app.use((request: Request) => {
    throw new AppError('not_found', `no route for ${request.method} ${request.path}`);
  });
  app.use(problemResponse(context.logger));
  return app;
}
