import { AppError } from '../errors/app-error';
import type { RouteDefinition } from './route';

const status = { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] };

export const healthRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/healthz',
    operation: {
      operationId: 'health',
      summary: 'Liveness: the process answers',
      tags: ['operations'],
      public: true,
      responses: { '200': { description: 'The process is alive', schema: status } },
    },
    handle: (_context, _request, response) => {
      response.json({ status: 'ok' });
    },
  },
  {
    method: 'get',
    path: '/readyz',
    operation: {
      operationId: 'readiness',
      summary: 'Readiness: the store answers',
      tags: ['operations'],
      public: true,
      responses: {
        '200': { description: 'Ready to serve requests', schema: status },
        '503': { description: 'The store does not answer' },
      },
    },
    handle: async (context, _request, response) => {
      try {
        await context.store.ping();
      } catch (error) {
        context.logger.warn({ err: error }, 'readiness check: store unavailable');
        throw new AppError('unavailable', `the ${context.store.kind} store does not answer`);
      }
      response.json({ status: 'ready', store: context.store.kind });
    },
  },
];
