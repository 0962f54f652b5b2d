// The one error middleware: every failure leaves as application/problem+json. An AppError keeps
// its status, safe detail and field issues; anything else is a 500 that says nothing about the
// internals (the log has the error).
import type { ErrorRequestHandler } from 'express';
import { AppError, TITLE_OF } from '../errors/app-error';
import type { Logger } from '../logging/create-logger';

/** Body-parser failures carry a `type`; they are the client's fault, not ours. */
function fromBodyParser(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  switch ((error as { type: unknown }).type) {
    case 'entity.parse.failed':
      return new AppError('invalid_request', 'the request body is not valid JSON', {
        issues: [{ path: '$', message: 'must be valid JSON' }],
      });
    case 'entity.too.large':
      return new AppError('payload_too_large', 'the request body is larger than the limit');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'the request body must be UTF-8 JSON');
    default:
      return undefined;
  }
}

export function problemResponse(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    const known = error instanceof AppError ? error : fromBodyParser(error);
    const problem = known ?? new AppError('internal', 'the server could not complete the request');
    if (known === undefined) {
      logger.error({ err: error, method: request.method, route: request.path }, 'unhandled error');
    }
    for (const [name, value] of Object.entries(problem.options.headers ?? {})) {
      response.setHeader(name, value);
    }
    response
      .status(problem.status)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: `https://ledgerline.dev/problems/${problem.code}`,
          title: TITLE_OF[problem.code],
          status: problem.status,
          detail: problem.detail,
          instance: request.originalUrl,
          ...(problem.options.issues && { errors: problem.options.issues }),
          ...problem.options.extensions,
        }),
      );
  };
}
