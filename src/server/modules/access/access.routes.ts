import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  apiTokenSchema,
  createdTokenSchema,
  createGrantInputSchema,
  createTokenInputSchema,
  createUserInputSchema,
  createUserResultSchema,
  meSchema,
  recoveryCodesSchema,
  roleKeys,
  roles,
  sessionListSchema,
  sessionStateSchema,
  twoFactorEnrolmentSchema,
  updateUserInputSchema,
  userListQuerySchema,
  userListSchema,
  userSchema,
} from '@/contracts/access';
import {
  changePasswordInputSchema,
  loginInputSchema,
  loginResultSchema,
  lockedProblemSchema,
  okSchema,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
  setupInputSchema,
  totpInputSchema,
} from '@/contracts/auth';
import { problemSchema } from '@/contracts/errors';
import { permissions } from '@/contracts/permissions';
import '@/server/platform/context';
import * as service from '@/server/modules/access/access.service';
import { clearSessionCookies, requestMeta, setSessionCookies } from '@/server/modules/access/access.hooks';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const ok = { status: 'ok' as const };
const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/** Sign-in, sessions, second factor, API tokens, users and grants. */
export const accessRoutes: FastifyPluginAsyncZod<{ settings: service.AccessSettings }> = async (
  app,
  { settings },
) => {
  const actx = (request: FastifyRequest): service.AccessContext => ({ ...request.ctx, settings });
  const pendingOf = (request: FastifyRequest) =>
    request.auth.kind === 'pending' ? { session: request.auth.session, user: request.auth.user } : null;
  const csrfOf = (request: FastifyRequest) =>
    request.auth.kind === 'session' ? request.auth.session.csrfToken : null;

  // --- sign-in ---------------------------------------------------------------------------------
  app.post(
    '/auth/login',
    {
      config: { access: 'public', csrf: false },
      schema: {
        tags: ['Auth'],
        summary: 'Sign in with e-mail and password',
        description:
          'Sets the httpOnly session cookie ss_session and the readable ss_csrf cookie. After ' +
          '10 failures within 15 minutes the account is locked: 429 auth.locked with retryAfter.',
        body: loginInputSchema,
        response: { 200: loginResultSchema, 401: problemSchema, 429: lockedProblemSchema },
      },
    },
    async (request, reply) => {
      const { result, session } = await service.login(actx(request), request.body, requestMeta(request));
      setSessionCookies(reply, settings, session);
      return result;
    },
  );

  app.post(
    '/auth/totp',
    {
      config: { access: 'public', csrf: false },
      schema: {
        tags: ['Auth'],
        summary: 'Second step of sign-in: the authenticator code or a recovery code',
        body: totpInputSchema,
        response: { 200: loginResultSchema, 401: problemSchema, 429: lockedProblemSchema },
      },
    },
    async (request, reply) => {
      const { result, session } = await service.confirmSecondFactor(
        actx(request),
        pendingOf(request),
        request.body.code,
        requestMeta(request),
      );
      setSessionCookies(reply, settings, session);
      return result;
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'authenticated', allowDuringEnrolment: true, sessionOnly: true },
      schema: {
        tags: ['Auth'],
        summary: 'Sign out (this session)',
        response: { 200: okSchema, ...problems },
      },
    },
    async (request, reply) => {
      await service.logout(actx(request), request.ctx.actor?.sessionId ?? null);
      clearSessionCookies(reply, settings);
      return ok;
    },
  );

  app.post(
    '/auth/logout-all',
    {
      config: { access: 'authenticated', allowDuringEnrolment: true, sessionOnly: true },
      schema: {
        tags: ['Auth'],
        summary: 'Sign out everywhere (every session of the account)',
        response: { 200: okSchema, ...problems },
      },
    },
    async (request, reply) => {
      await service.logoutEverywhere(actx(request));
      clearSessionCookies(reply, settings);
      return ok;
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { access: 'public', csrf: false },
      schema: {
        tags: ['Auth'],
        summary: 'Request a password-reset link by e-mail',
        description: 'Always answers 202, whether or not the account exists.',
        body: passwordResetRequestSchema,
        response: { 202: okSchema, 429: lockedProblemSchema },
      },
    },
    async (request, reply) => {
      await service.requestPasswordReset(actx(request), request.body.email, requestMeta(request));
      return reply.status(202).send(ok);
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { access: 'public', csrf: false },
      schema: {
        tags: ['Auth'],
        summary: 'Set a new password with the link from the reset e-mail',
        body: passwordResetConfirmSchema,
        response: { 200: okSchema, 400: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      await service.confirmPasswordReset(actx(request), request.body.token, request.body.password);
      return ok;
    },
  );

  app.post(
    '/auth/setup',
    {
      config: { access: 'public', csrf: false },
      schema: {
        tags: ['Auth'],
        summary: 'Set the first password with a one-time setup link',
        body: setupInputSchema,
        response: { 200: okSchema, 400: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      await service.completeSetup(actx(request), request.body.token, request.body.password);
      return ok;
    },
  );

  // --- me --------------------------------------------------------------------------------------
  app.get(
    '/me',
    {
      config: { access: 'authenticated', allowDuringEnrolment: true },
      schema: {
        tags: ['Me'],
        summary: 'The signed-in account: roles, permissions and what it may see, in plain words',
        response: { 200: meSchema, 401: problemSchema },
      },
    },
    async (request) => service.getMe(actx(request), csrfOf(request)),
  );

  app.get(
    '/auth/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['Auth'],
        summary: 'Whether someone is signed in, and who: answers 200 for anonymous visitors too',
        description:
          'The web app asks this on every page load. Unlike GET /me it never answers 401, so a visitor ' +
          'who is not signed in causes no error. A session that still waits for its second factor counts ' +
          'as not signed in.',
        response: { 200: sessionStateSchema },
      },
    },
    async (request) => {
      const actor = request.ctx.actor;
      if (!actor) return { signedIn: false, me: null };
      const me = await service.getMe(actx(request), csrfOf(request));
      return { signedIn: true, me };
    },
  );

  app.post(
    '/me/password',
    {
      config: { access: 'authenticated', sessionOnly: true },
      schema: {
        tags: ['Me'],
        summary: 'Change the password (the other sessions end)',
        body: changePasswordInputSchema,
        response: { 200: okSchema, ...problems, 422: problemSchema },
      },
    },
    async (request) => {
      await service.changePassword(actx(request), request.body.currentPassword, request.body.newPassword);
      return ok;
    },
  );

  app.get(
    '/me/sessions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['Me'],
        summary: 'The open sessions of the account',
        response: { 200: sessionListSchema, 401: problemSchema },
      },
    },
    async (request) => service.listMySessions(actx(request)),
  );

  app.delete(
    '/me/sessions/:id',
    {
      config: { access: 'authenticated', sessionOnly: true },
      schema: {
        tags: ['Me'],
        summary: 'End one session',
        params: idParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await service.endMySession(actx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/me/2fa/enrol',
    {
      config: { access: 'authenticated', allowDuringEnrolment: true, sessionOnly: true },
      schema: {
        tags: ['Me'],
        summary: 'Start two-factor enrolment: a new secret, its otpauth URI and QR code',
        response: { 200: twoFactorEnrolmentSchema, ...problems },
      },
    },
    async (request) => service.startTwoFactorEnrolment(actx(request)),
  );

  app.post(
    '/me/2fa/confirm',
    {
      config: { access: 'authenticated', allowDuringEnrolment: true, sessionOnly: true },
      schema: {
        tags: ['Me'],
        summary: 'Confirm enrolment with a first code; returns ten recovery codes (shown once)',
        body: totpInputSchema,
        response: { 200: recoveryCodesSchema, ...problems },
      },
    },
    async (request) => service.confirmTwoFactorEnrolment(actx(request), request.body.code),
  );

  app.post(
    '/me/2fa/disable',
    {
      config: { access: 'authenticated', sessionOnly: true },
      schema: {
        tags: ['Me'],
        summary: 'Switch two-factor sign-in off (refused when a role requires it)',
        body: totpInputSchema,
        response: { 200: okSchema, ...problems, 409: problemSchema },
      },
    },
    async (request) => {
      await service.disableTwoFactor(actx(request), request.body.code);
      return ok;
    },
  );

  app.post(
    '/me/2fa/recovery-codes',
    {
      config: { access: 'authenticated', sessionOnly: true },
      schema: {
        tags: ['Me'],
        summary: 'Replace the recovery codes (the old ones stop working)',
        body: totpInputSchema,
        response: { 200: recoveryCodesSchema, ...problems },
      },
    },
    async (request) => service.regenerateRecoveryCodes(actx(request), request.body.code),
  );

  app.get(
    '/me/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['Me'],
        summary: 'My API tokens',
        response: { 200: z.object({ items: z.array(apiTokenSchema) }), 401: problemSchema },
      },
    },
    async (request) => service.listMyTokens(actx(request)),
  );

  app.post(
    '/me/tokens',
    {
      config: { access: 'authenticated', sessionOnly: true },
      schema: {
        tags: ['Me'],
        summary: 'Create an API token with a subset of my permissions (shown once)',
        body: createTokenInputSchema,
        response: { 201: createdTokenSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createMyToken(actx(request), request.body)),
  );

  app.delete(
    '/me/tokens/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['Me'],
        summary: 'Revoke one of my API tokens',
        params: idParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await service.revokeMyToken(actx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // --- roles, users and grants -----------------------------------------------------------------
  app.get(
    '/roles',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['Users'],
        summary: 'The predefined roles and their permissions',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                key: z.enum(roleKeys),
                name: z.object({ de: z.string(), en: z.string() }),
                permissions: z.array(z.enum(permissions)),
                requires2fa: z.boolean(),
                memberFields: z.enum(['all', 'contact']),
              }),
            ),
          }),
          401: problemSchema,
        },
      },
    },
    async () => ({
      items: roleKeys.map((key) => ({
        key,
        name: roles[key].name,
        permissions: [...roles[key].permissions],
        requires2fa: roles[key].requires2fa,
        memberFields: roles[key].memberFields,
      })),
    }),
  );

  app.get(
    '/users',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['Users'],
        summary: 'Accounts in the units where I manage accounts',
        querystring: userListQuerySchema,
        response: { 200: userListSchema, ...problems },
      },
    },
    async (request) => service.listUsers(actx(request), request.query),
  );

  app.post(
    '/users',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['Users'],
        summary: 'Create an account (persons get a one-time setup link)',
        body: createUserInputSchema,
        response: { 201: createUserResultSchema, ...problems, 409: problemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createUser(actx(request), request.body)),
  );

  app.get(
    '/users/:id',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['Users'],
        summary: 'One account',
        params: idParams,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => service.getUser(actx(request), request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['Users'],
        summary: 'Rename, deactivate (ends all sessions) or reactivate an account',
        params: idParams,
        body: updateUserInputSchema,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => service.updateUserAccount(actx(request), request.params.id, request.body),
  );

  app.post(
    '/users/:id/grants',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['Users'],
        summary: 'Grant a role at a unit (never beyond my own scope and permissions)',
        params: idParams,
        body: createGrantInputSchema,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) =>
      service.addGrant(actx(request), request.params.id, request.body.role, request.body.unitCode),
  );

  app.delete(
    '/users/:id/grants/:grantId',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['Users'],
        summary: 'Remove a grant',
        params: z.object({
          id: z.coerce.number().int().positive(),
          grantId: z.coerce.number().int().positive(),
        }),
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => service.removeGrant(actx(request), request.params.id, request.params.grantId),
  );

  app.post(
    '/users/:id/setup-link',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['Users'],
        summary: 'Issue a new one-time setup link (older ones stop working)',
        params: idParams,
        response: { 200: z.object({ setupLink: z.string() }), ...problems },
      },
    },
    async (request) => service.reissueSetupLink(actx(request), request.params.id),
  );

  app.post(
    '/users/:id/2fa/reset',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['Users'],
        summary: 'Reset the second factor of an account that lost it (it enrols anew at next sign-in)',
        params: idParams,
        response: { 200: userSchema, ...problems },
      },
    },
    async (request) => service.resetTwoFactor(actx(request), request.params.id),
  );

  app.get(
    '/users/:id/tokens',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['Users'],
        summary: 'API tokens of an account',
        params: idParams,
        response: { 200: z.object({ items: z.array(apiTokenSchema) }), ...problems },
      },
    },
    async (request) => service.listUserTokens(actx(request), request.params.id),
  );

  app.post(
    '/users/:id/tokens',
    {
      config: { access: 'user:manage', sessionOnly: true },
      schema: {
        tags: ['Users'],
        summary: 'Create an API token for a service account (shown once)',
        params: idParams,
        body: createTokenInputSchema,
        response: { 201: createdTokenSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createUserToken(actx(request), request.params.id, request.body)),
  );

  app.delete(
    '/users/:id/tokens/:tokenId',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['Users'],
        summary: 'Revoke an API token of an account',
        params: z.object({
          id: z.coerce.number().int().positive(),
          tokenId: z.coerce.number().int().positive(),
        }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await service.revokeUserToken(actx(request), request.params.id, request.params.tokenId);
      return reply.status(204).send(null);
    },
  );
};
