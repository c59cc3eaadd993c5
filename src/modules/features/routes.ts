import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errors, IdParams, SlugParams } from '../../http/schemas.ts'
import {
  CreateFeatureBody,
  Feature,
  FeatureHistory,
  FeatureList,
  LinkIdeaBody,
  PromoteBody,
  UpdateFeatureBody,
} from './schemas.ts'
import * as features from './service.ts'
import { backlog } from '../releases/index.ts'
import { IdempotencyHeaders, serviceContext } from '../../plugins/idempotency.ts'

const tags = ['features']
const security = [{ bearerAuth: [] }]

/** Reading features: anyone. */
export const featureReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/features/:id',
    {
      schema: {
        tags,
        summary: 'A tracked feature with its ideas and demand',
        params: IdParams,
        response: { 200: Feature, ...errors(400, 401, 404) },
      },
    },
    async (request) => features.getFeature(app.ctx, request.params.id),
  )
  app.get(
    '/features/:id/history',
    {
      schema: {
        tags,
        summary: 'Every change to a feature, oldest first',
        params: IdParams,
        response: { 200: FeatureHistory, ...errors(400, 401, 404) },
      },
    },
    async (request) => features.featureHistory(app.ctx, request.params.id),
  )
  app.get(
    '/forums/:slug/backlog',
    {
      schema: {
        tags,
        summary: 'Features not planned for any release',
        params: SlugParams,
        response: { 200: FeatureList, ...errors(400, 401, 404) },
      },
    },
    async (request) => backlog(app.ctx, request.params.slug),
  )
}

/** Updating a feature: its owner (status and prognosis) or the coordinator; checked per feature. */
export const featureOwnerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.patch(
    '/features/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change a feature (the coordinator; its owner for status and prognosis)',
        description:
          'Moving it into a release past its feature freeze needs `exception: {reason}`.',
        params: IdParams,
        body: UpdateFeatureBody,
        response: { 200: Feature, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      features.updateFeature(app.ctx, request.actor, request.params.id, request.body),
  )
}

/** Planning: the release coordinator. */
export const featurePlanningRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/ideas/:id/promote',
    {
      config: { idempotent: true },
      schema: {
        headers: IdempotencyHeaders,
        tags,
        security,
        summary: 'Promote an idea to a feature of a release; the idea becomes planned',
        description:
          'After the release’s feature freeze this needs `exception: {reason}` (409 RELEASE_FROZEN otherwise).',
        params: IdParams,
        body: PromoteBody,
        response: { 201: Feature, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await features.promoteIdea(
            serviceContext(app, request),
            request.actor,
            request.params.id,
            request.body,
          ),
        ),
  )
  app.post(
    '/releases/:id/features',
    {
      config: { idempotent: true },
      schema: {
        headers: IdempotencyHeaders,
        tags,
        security,
        summary: 'Add a feature no idea asked for',
        description:
          'After the feature freeze this needs `exception: {reason}` (409 RELEASE_FROZEN otherwise).',
        params: IdParams,
        body: CreateFeatureBody,
        response: { 201: Feature, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await features.createFeature(
            serviceContext(app, request),
            request.actor,
            request.params.id,
            request.body,
          ),
        ),
  )
  app.post(
    '/features/:id/ideas',
    {
      schema: {
        tags,
        security,
        summary: 'Link another idea the feature satisfies; the idea becomes planned',
        params: IdParams,
        body: LinkIdeaBody,
        response: { 200: Feature, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      features.linkIdea(app.ctx, request.actor, request.params.id, request.body.ideaId),
  )
}
