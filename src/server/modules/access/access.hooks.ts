import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@/server/platform/errors';
import { canAnywhere } from '@/server/platform/scope';
import {
  authenticateSession,
  authenticateToken,
  csrfMatches,
  type AccessSettings,
  type Authentication,
  type NewSession,
} from '@/server/modules/access/access.service';

export const SESSION_COOKIE = 'ss_session';
export const CSRF_COOKIE = 'ss_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** How the request authenticated (set by the access module's onRequest hook). */
    auth: Authentication;
  }
  interface FastifyContextConfig {
    /** false: no CSRF header needed (sign-in steps that run before a session exists). */
    csrf?: boolean;
    /** The route works while a mandatory second factor is not yet enrolled. */
    allowDuringEnrolment?: boolean;
    /** Only a signed-in person, not an API token (password, second factor, new tokens). */
    sessionOnly?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Installs authentication and the one place that enforces each route's `config.access`:
 * 401 auth.required without a valid session or token, 403 auth.forbidden without the permission
 * at any unit (services then check the unit), 403 auth.csrf_failed for a cookie-authenticated
 * unsafe request without the CSRF header, 403 auth.enrolment_required while a mandatory second
 * factor is missing. Runs in onRequest, before the body is parsed or validated.
 * Call after the hook that sets request.ctx and after @fastify/cookie is registered.
 */
export function installAccess(app: FastifyInstance, settings: AccessSettings): void {
  app.decorateRequest('auth', null as never);

  app.addHook('onRequest', async (request) => {
    request.auth = { kind: 'none' };
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      request.auth = match
        ? await authenticateToken(request.ctx.database, settings, match[1]!)
        : { kind: 'none' };
      if (request.auth.kind === 'none')
        throw new AppError('auth.required', { detail: 'The API token is invalid, expired or revoked.' });
    } else {
      const cookie = request.cookies?.[SESSION_COOKIE];
      if (cookie) request.auth = await authenticateSession(request.ctx.database, settings, cookie);
    }
    if (request.auth.kind === 'session' || request.auth.kind === 'token') {
      request.ctx.actor = { ...request.auth.actor, request: { id: String(request.id), ip: request.ip } };
    }
  });

  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (url === undefined) return; // no such route: the not-found handler answers
    const config = request.routeOptions.config;
    const access = config.access;
    if (access === undefined) {
      // Static files and the API reference declare nothing; an API route must.
      if (url.startsWith('/api/v1/')) {
        request.log.error({ url }, 'route declares no access rule');
        throw new AppError('auth.forbidden', { detail: 'This route declares no access rule.' });
      }
      return;
    }
    const viaCookie = request.auth.kind === 'session' || request.auth.kind === 'pending';
    if (viaCookie && !SAFE_METHODS.has(request.method) && config.csrf !== false) {
      const session =
        request.auth.kind === 'session' || request.auth.kind === 'pending' ? request.auth.session : null;
      const header = request.headers[CSRF_HEADER];
      if (!session || !csrfMatches(session, Array.isArray(header) ? header[0] : header)) {
        throw new AppError('auth.csrf_failed');
      }
    }
    if (access === 'public') return;
    const actor = request.ctx.actor;
    if (!actor) throw new AppError('auth.required');
    if (config.sessionOnly && actor.tokenId !== null) {
      throw new AppError('auth.forbidden', {
        detail: 'Only a signed-in person may do this, not an API token.',
      });
    }
    if (actor.enrolmentRequired && !config.allowDuringEnrolment)
      throw new AppError('auth.enrolment_required');
    if (access === 'authenticated') return;
    if (!canAnywhere(actor, access)) throw new AppError('auth.forbidden');
  });
}

export function setSessionCookies(reply: FastifyReply, settings: AccessSettings, session: NewSession): void {
  const common = {
    path: '/',
    sameSite: 'lax' as const,
    secure: settings.secureCookies,
    maxAge: session.maxAgeSeconds,
  };
  reply.setCookie(SESSION_COOKIE, session.token, { ...common, httpOnly: true });
  // Readable by the page, which echoes it in the x-csrf-token header (double submit).
  reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, settings: AccessSettings): void {
  const common = { path: '/', sameSite: 'lax' as const, secure: settings.secureCookies };
  reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, common);
}

export function requestMeta(request: FastifyRequest) {
  const ua = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    userAgent: typeof ua === 'string' ? ua : null,
    requestId: String(request.id),
  };
}
