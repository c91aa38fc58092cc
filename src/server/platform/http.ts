import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { RouteAccess } from '@/contracts/permissions';
import { AppError, toProblem } from '@/server/platform/errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Every /api route must declare it (checked by a test). */
    access?: RouteAccess;
  }
}

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** Turns every thrown error into RFC 9457 problem details with a stable code. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const base = { instance: request.url, requestId: String(request.id) };
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((v) => ({
        path: [error.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return reply
        .status(400)
        .type(PROBLEM_JSON)
        .send(toProblem('request.invalid', { ...base, detail: 'Some fields are invalid.', errors }));
    }
    if (error instanceof AppError) {
      return reply
        .status(error.status)
        .type(PROBLEM_JSON)
        .send(
          toProblem(error.code, {
            ...base,
            detail: error.message,
            ...(error.fieldErrors ? { errors: error.fieldErrors } : {}),
            ...error.details,
          }),
        );
    }
    const err = error as { statusCode?: number; code?: string; message?: string };
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).type(PROBLEM_JSON).send(toProblem('request.too_large', base));
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).type(PROBLEM_JSON).send(toProblem('request.unsupported_media_type', base));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply
        .status(400)
        .type(PROBLEM_JSON)
        .send(toProblem('request.invalid', { ...base, detail: err.message }));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
    } else {
      request.log.error({ err: error }, 'unhandled error');
    }
    return reply.status(500).type(PROBLEM_JSON).send(toProblem('internal', base));
  });
}
