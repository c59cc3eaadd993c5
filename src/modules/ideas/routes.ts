import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errors, IdParams, SlugParams } from '../../http/schemas.ts'
import {
  CreateIdeaBody,
  Idea,
  IdeaListQuery,
  IdeaPage,
  MergeBody,
  SimilarIdeas,
  SimilarQuery,
  StatusBody,
  StatusHistory,
  TriageBody,
  UpdateIdeaBody,
  VoteHistory,
  VoteHistoryQuery,
} from './schemas.ts'
import * as ideas from './service.ts'
import { IdempotencyHeaders, serviceContext } from '../../plugins/idempotency.ts'

const tags = ['ideas']
const security = [{ bearerAuth: [] }]

/** Reading ideas: anyone (signed-in callers also see their own votes). */
export const ideaReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/forums/:slug/ideas',
    {
      schema: {
        tags,
        summary: 'Ranked, filtered, searchable list of ideas',
        params: SlugParams,
        querystring: IdeaListQuery,
        response: { 200: IdeaPage, ...errors(400, 401, 404) },
      },
    },
    async (request) =>
      ideas.listForumIdeas(app.ctx, request.actor, request.params.slug, request.query),
  )

  app.get(
    '/forums/:slug/ideas/similar',
    {
      schema: {
        tags,
        summary: 'Possible duplicates of a title, for showing while a user types',
        params: SlugParams,
        querystring: SimilarQuery,
        response: { 200: SimilarIdeas, ...errors(400, 401, 404) },
      },
    },
    async (request) => ideas.similarIdeas(app.ctx, request.params.slug, request.query.title),
  )

  app.get(
    '/ideas/:id',
    {
      schema: {
        tags,
        summary: 'An idea',
        params: IdParams,
        response: { 200: Idea, ...errors(400, 401, 404) },
      },
    },
    async (request) => ideas.getIdea(app.ctx, request.actor, request.params.id),
  )

  app.get(
    '/ideas/:id/history',
    {
      schema: {
        tags,
        summary: 'Status changes and official responses, oldest first',
        params: IdParams,
        response: { 200: StatusHistory, ...errors(400, 401, 404) },
      },
    },
    async (request) => ideas.statusHistory(app.ctx, request.params.id),
  )

  app.get(
    '/ideas/:id/vote-history',
    {
      schema: {
        tags,
        summary: 'Net votes placed per day',
        params: IdParams,
        querystring: VoteHistoryQuery,
        response: { 200: VoteHistory, ...errors(400, 401, 404) },
      },
    },
    async (request) => ideas.voteHistory(app.ctx, request.params.id, request.query.days),
  )
}

/** Suggesting and editing one's own ideas: members. */
export const ideaMemberRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/forums/:slug/ideas',
    {
      config: { idempotent: true, contentLimit: 'ideas' },
      schema: {
        headers: IdempotencyHeaders,
        tags,
        security,
        summary: 'Suggest an idea',
        params: SlugParams,
        body: CreateIdeaBody,
        response: { 201: Idea, ...errors(400, 401, 404, 429) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await ideas.createIdea(
            serviceContext(app, request),
            request.actor,
            request.params.slug,
            request.body,
          ),
        ),
  )

  app.patch(
    '/ideas/:id',
    {
      config: { contentLimit: 'edits' },
      schema: {
        tags,
        security,
        summary: 'Edit an idea (its author or a developer)',
        params: IdParams,
        body: UpdateIdeaBody,
        response: { 200: Idea, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request) => ideas.updateIdea(app.ctx, request.actor, request.params.id, request.body),
  )

  app.delete(
    '/ideas/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete an idea (its author or an admin); its votes go back to the voters',
        params: IdParams,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await ideas.deleteIdea(app.ctx, request.actor, request.params.id)
      return reply.status(204).send(null)
    },
  )
}

/** Triage: developers. */
export const ideaTriageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/ideas/:id/status',
    {
      schema: {
        tags,
        security,
        summary: 'Set the status, optionally with an official response; closing returns votes',
        params: IdParams,
        body: StatusBody,
        response: { 200: Idea, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ideas.setStatus(app.ctx, request.actor, request.params.id, request.body),
  )

  app.post(
    '/ideas/:id/merge',
    {
      schema: {
        tags,
        security,
        summary: 'Merge this idea (a duplicate) into another; returns the target',
        params: IdParams,
        body: MergeBody,
        response: { 200: Idea, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      ideas.mergeIdea(app.ctx, request.actor, request.params.id, request.body.intoId),
  )

  app.patch(
    '/ideas/:id/triage',
    {
      schema: {
        tags,
        security,
        summary: 'Estimate the effort in developer-weeks (null clears it)',
        params: IdParams,
        body: TriageBody,
        response: { 200: Idea, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      ideas.setEffort(app.ctx, request.actor, request.params.id, request.body.effort),
  )
}
