import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errors, IdParams, SlugParams } from '../../http/schemas.ts'
import {
  CreateReleaseBody,
  Plan,
  PlanQuery,
  Release,
  ReleaseListQuery,
  ReleasePage,
  ReportQuery,
  ShipBody,
  UpdateReleaseBody,
} from './schemas.ts'
import { reportMarkdown } from './report-markdown.ts'
import { reportText } from './report-text.ts'
import * as releases from './service.ts'

const tags = ['releases']
const security = [{ bearerAuth: [] }]

/** Reading releases and their reports: anyone. */
export const releaseReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/forums/:slug/releases',
    {
      schema: {
        tags,
        summary: 'Releases of a forum, latest first',
        params: SlugParams,
        querystring: ReleaseListQuery,
        response: { 200: ReleasePage, ...errors(400, 401, 404) },
      },
    },
    async (request) => releases.listReleases(app.ctx, request.params.slug, request.query),
  )
  app.get(
    '/releases/:id',
    {
      schema: {
        tags,
        summary: 'A release with its milestones, slips and features',
        params: IdParams,
        response: { 200: Release, ...errors(400, 401, 404) },
      },
    },
    async (request) => releases.getRelease(app.ctx, request.params.id),
  )
  app.get(
    '/releases/:id/report',
    {
      schema: {
        tags,
        summary:
          'The development-update report: plain text (mailing list), Markdown (wiki) or JSON',
        params: IdParams,
        querystring: ReportQuery,
        response: {
          200: {
            content: {
              'text/plain': { schema: Type.String() },
              'text/markdown': { schema: Type.String() },
              'application/json': { schema: Type.Object({}, { additionalProperties: true }) },
            },
          },
          ...errors(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const data = await releases.releaseReport(app.ctx, request.params.id)
      switch (request.query.format) {
        case 'json':
          return reply.type('application/json').send(data)
        case 'markdown':
          return reply.type('text/markdown; charset=utf-8').send(reportMarkdown(data))
        default:
          return reply.type('text/plain; charset=utf-8').send(reportText(data))
      }
    },
  )
}

/** What fits before the freeze: developers. */
export const releasePlanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/releases/:id/plan',
    {
      schema: {
        tags,
        security,
        summary:
          'The estimated ideas with the most votes that fit the capacity (exact 0/1 knapsack)',
        params: IdParams,
        querystring: PlanQuery,
        response: { 200: Plan, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      releases.planRelease(app.ctx, request.actor, request.params.id, request.query.capacity),
  )
}

/** Running releases: the coordinator. */
export const releaseCoordinatorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/forums/:slug/releases',
    {
      schema: {
        tags,
        security,
        summary: 'Plan a release with its milestones (in order; they may lie in the past)',
        params: SlugParams,
        body: CreateReleaseBody,
        response: { 201: Release, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await releases.createRelease(app.ctx, request.actor, request.params.slug, request.body),
        ),
  )
  app.patch(
    '/releases/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change milestones or capacity; moving the release date later records a slip',
        params: IdParams,
        body: UpdateReleaseBody,
        response: { 200: Release, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      releases.updateRelease(app.ctx, request.actor, request.params.id, request.body),
  )
  app.post(
    '/releases/:id/ship',
    {
      schema: {
        tags,
        security,
        summary: 'Ship: done features complete their ideas (votes returned); the rest move on',
        params: IdParams,
        body: ShipBody,
        response: { 200: Release, ...errors(400, 401, 403, 404, 409) },
      },
      // The body is optional: shipping with none sends unfinished features to the backlog.
      preValidation: async (request) => {
        request.body ??= {}
      },
    },
    async (request) =>
      releases.shipRelease(app.ctx, request.actor, request.params.id, request.body.nextReleaseId),
  )
}
