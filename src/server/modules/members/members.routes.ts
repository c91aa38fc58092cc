import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '@/contracts/errors';
import {
  asOfCountSchema,
  asOfQuerySchema,
  cataloguesSchema,
  createMemberInputSchema,
  duplicateCheckInputSchema,
  duplicateCheckResultSchema,
  endInputSchema,
  functionInputSchema,
  functionSchema,
  functionsAndMandatesSchema,
  mandateDirectoryQuerySchema,
  mandateDirectorySchema,
  mandateInputSchema,
  mandateSchema,
  memberHistorySchema,
  memberListQuerySchema,
  memberListSchema,
  memberProblemSchema,
  memberSchema,
  mergeInputSchema,
  mergeResultSchema,
  residenceAnswerSchema,
  residenceQuerySchema,
  savedListInputSchema,
  savedListListSchema,
  savedListSchema,
  transferListQuerySchema,
  transferListSchema,
  transitionInputSchema,
  updateMemberInputSchema,
  type Member,
} from '@/contracts/members';
import '@/server/platform/context';
import { AppError } from '@/server/platform/errors';
import * as mandates from '@/server/modules/members/mandates.service';
import * as service from '@/server/modules/members/members.service';
import * as savedLists from '@/server/modules/members/saved-lists.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const ifMatchHeaders = z.object({
  'if-match': z.string().optional().describe('The ETag (version) of the record as you read it'),
});

/** The version named by an If-Match header ("3", W/"3" or 3); null when absent. */
export function parseIfMatch(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '') return null;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!match) {
    throw new AppError('request.invalid', {
      detail: 'If-Match must be the ETag you read, e.g. "3".',
      errors: [{ path: 'headers.if-match', message: 'not an ETag of this API' }],
    });
  }
  return Number(match[1]);
}

function withEtag(reply: FastifyReply, member: Member): Member {
  reply.header('etag', `"${member.version}"`);
  return member;
}

const tags = ['Members'];

export const membersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/members',
    {
      config: { access: 'member:read' },
      schema: {
        tags,
        summary: 'Search or list members in your scope',
        description:
          'With q: the best matches, ranked exact > prefix > phonetic > fuzzy (no further pages). ' +
          'Without q: a filtered list sorted the German way, in keyset pages with the exact total. ' +
          'Each call is recorded in the audit trail.',
        querystring: memberListQuerySchema,
        response: { 200: memberListSchema, 400: problemSchema, 403: problemSchema },
      },
    },
    async (request) => service.listMembers(request.ctx, request.query),
  );

  app.post(
    '/members',
    {
      config: { access: 'member:create' },
      schema: {
        tags,
        summary: 'Record an application or a member',
        description:
          'The unit follows from the address (Wohnsitzprinzip); a postcode that spans several Gemeinden answers 422 ' +
          'member.residence_ambiguous with the choices. Possible duplicates answer 409 member.duplicate_suspected ' +
          'unless confirmDuplicate is true.',
        body: createMemberInputSchema,
        response: {
          201: memberSchema,
          403: problemSchema,
          409: memberProblemSchema,
          422: memberProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const member = await service.createMember(request.ctx, request.body);
      reply.status(201).header('location', `/api/v1/members/${member.id}`);
      return withEtag(reply, member);
    },
  );

  app.post(
    '/members/duplicate-check',
    {
      config: { access: 'member:create' },
      schema: {
        tags,
        summary: 'Possible duplicates of a record about to be saved',
        body: duplicateCheckInputSchema,
        response: { 200: duplicateCheckResultSchema },
      },
    },
    async (request) => ({ candidates: await service.checkDuplicates(request.ctx, request.body) }),
  );

  app.get(
    '/members/as-of-count',
    {
      config: { access: 'member:read' },
      schema: {
        tags,
        summary: 'How many had a status in a unit (with subtree) on a date',
        description: 'From the status history, so members who moved away since still count where they were.',
        querystring: asOfQuerySchema,
        response: { 200: asOfCountSchema, 403: problemSchema },
      },
    },
    async (request) => service.countAsOf(request.ctx, request.query),
  );

  app.get(
    '/members/:id',
    {
      config: { access: 'member:read' },
      schema: {
        tags,
        summary: 'One member (ETag: the version)',
        params: idParams,
        response: { 200: memberSchema, 404: problemSchema },
      },
    },
    async (request, reply) => withEtag(reply, await service.getMember(request.ctx, request.params.id)),
  );

  app.patch(
    '/members/:id',
    {
      config: { access: 'member:update' },
      schema: {
        tags,
        summary: 'Change a member (If-Match required)',
        description:
          'A stale If-Match answers 409 member.version_conflict with the current version and record. A new address ' +
          'in another unit moves the member; across Kreisverbände it is a transfer both sides are notified of.',
        params: idParams,
        headers: ifMatchHeaders,
        body: updateMemberInputSchema,
        response: {
          200: memberSchema,
          404: problemSchema,
          409: memberProblemSchema,
          422: memberProblemSchema,
          428: problemSchema,
        },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.updateMember(
          request.ctx,
          request.params.id,
          parseIfMatch(request.headers['if-match']),
          request.body,
        ),
      ),
  );

  app.post(
    '/members/:id/transitions',
    {
      config: { access: 'member:update' },
      schema: {
        tags,
        summary:
          'A lifecycle step: admit, reject, confirm, object, resign, expel, lapse, decease, suspend, reactivate',
        description: 'An impossible step answers 409 member.invalid_transition listing the possible ones.',
        params: idParams,
        headers: ifMatchHeaders,
        body: transitionInputSchema,
        response: { 200: memberSchema, 404: problemSchema, 409: memberProblemSchema },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await service.applyTransition(
          request.ctx,
          request.params.id,
          parseIfMatch(request.headers['if-match']),
          request.body,
        ),
      ),
  );

  app.get(
    '/members/:id/history',
    {
      config: { access: 'member:read' },
      schema: {
        tags,
        summary: 'Status history and transfers of a member',
        params: idParams,
        response: { 200: memberHistorySchema, 404: problemSchema },
      },
    },
    async (request) => service.getHistory(request.ctx, request.params.id),
  );

  app.get(
    '/members/:id/functions',
    {
      config: { access: 'member:read' },
      schema: {
        tags,
        summary: 'Functions and mandates of a member',
        params: idParams,
        response: { 200: functionsAndMandatesSchema, 404: problemSchema },
      },
    },
    async (request) => mandates.functionsAndMandates(request.ctx, request.params.id),
  );

  app.post(
    '/members/:id/functions',
    {
      config: { access: 'member:update' },
      schema: {
        tags,
        summary: 'Add a function (Amt) held in a unit',
        params: idParams,
        body: functionInputSchema,
        response: { 201: functionSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return mandates.addFunction(request.ctx, request.params.id, request.body);
    },
  );

  app.post(
    '/members/:id/functions/:functionId/end',
    {
      config: { access: 'member:update' },
      schema: {
        tags,
        summary: 'End a function on its last day',
        params: idParams.extend({ functionId: z.coerce.number().int().positive() }),
        body: endInputSchema,
        response: { 204: z.null(), 404: problemSchema },
      },
    },
    async (request, reply) => {
      await mandates.endFunctionOrMandate(
        request.ctx,
        'function',
        request.params.id,
        request.params.functionId,
        request.body.endDate,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/members/:id/mandates',
    {
      config: { access: 'member:update' },
      schema: {
        tags,
        summary: 'Add a mandate (body, constituency, unit)',
        params: idParams,
        body: mandateInputSchema,
        response: { 201: mandateSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return mandates.addMandate(request.ctx, request.params.id, request.body);
    },
  );

  app.post(
    '/members/:id/mandates/:mandateId/end',
    {
      config: { access: 'member:update' },
      schema: {
        tags,
        summary: 'End a mandate on its last day',
        params: idParams.extend({ mandateId: z.coerce.number().int().positive() }),
        body: endInputSchema,
        response: { 204: z.null(), 404: problemSchema },
      },
    },
    async (request, reply) => {
      await mandates.endFunctionOrMandate(
        request.ctx,
        'mandate',
        request.params.id,
        request.params.mandateId,
        request.body.endDate,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/mandates',
    {
      config: { access: 'member:read' },
      schema: {
        tags,
        summary: 'Directory of mandate holders by level and unit',
        querystring: mandateDirectoryQuerySchema,
        response: { 200: mandateDirectorySchema, 403: problemSchema },
      },
    },
    async (request) => mandates.mandateDirectory(request.ctx, request.query),
  );

  app.get(
    '/member-catalogues',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Catalogues of functions, mandates and associations',
        response: { 200: cataloguesSchema },
      },
    },
    async (request) => mandates.catalogues(request.ctx),
  );

  app.get(
    '/residence',
    {
      config: { access: 'member:create' },
      schema: {
        tags,
        summary: 'The Gemeinden and units of a postcode (for the address form)',
        querystring: residenceQuerySchema,
        response: { 200: residenceAnswerSchema },
      },
    },
    async (request) => ({
      postcode: request.query.postcode,
      choices: await service.residenceChoices(request.ctx, request.query.postcode),
    }),
  );

  app.get(
    '/transfers',
    {
      config: { access: 'member:read' },
      schema: {
        tags,
        summary: 'Transfers into and out of your units',
        querystring: transferListQuerySchema,
        response: { 200: transferListSchema, 403: problemSchema },
      },
    },
    async (request) => ({ items: await service.listTransfers(request.ctx, request.query) }),
  );

  app.post(
    '/members/merges',
    {
      config: { access: 'member:update' },
      schema: {
        tags,
        summary: 'Merge a duplicate into the record that stays (undo within a day)',
        body: mergeInputSchema,
        response: { 200: mergeResultSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => service.mergeMembers(request.ctx, request.body),
  );

  app.post(
    '/members/merges/:id/undo',
    {
      config: { access: 'member:update' },
      schema: {
        tags,
        summary: 'Undo a merge (within a day)',
        params: idParams,
        response: {
          200: z.object({ keptId: z.number().int(), restoredId: z.number().int() }),
          409: problemSchema,
        },
      },
    },
    async (request) => service.undoMerge(request.ctx, request.params.id),
  );

  app.get(
    '/saved-lists',
    {
      config: { access: 'member:read' },
      schema: {
        tags,
        summary: 'Your saved member lists and those shared with your units',
        response: { 200: savedListListSchema },
      },
    },
    async (request) => ({ items: await savedLists.listSavedLists(request.ctx) }),
  );

  app.post(
    '/saved-lists',
    {
      config: { access: 'member:read' },
      schema: {
        tags,
        summary: 'Save a member list (replaces one of the same name)',
        body: savedListInputSchema,
        response: { 201: savedListSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return savedLists.saveList(request.ctx, request.body);
    },
  );

  app.delete(
    '/saved-lists/:id',
    {
      config: { access: 'member:read' },
      schema: {
        tags,
        summary: 'Delete one of your saved lists',
        params: idParams,
        response: { 204: z.null(), 404: problemSchema },
      },
    },
    async (request, reply) => {
      await savedLists.deleteSavedList(request.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
