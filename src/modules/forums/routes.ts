import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errors, SlugParams } from '../../http/schemas.ts'
import {
  Category,
  CreateCategoryBody,
  CreateForumBody,
  Forum,
  ForumListQuery,
  ForumPage,
  UpdateForumBody,
} from './schemas.ts'
import * as forums from './service.ts'

const tags = ['forums']
const security = [{ bearerAuth: [] }]

/** Reading forums: anyone. */
export const forumReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/forums',
    {
      schema: {
        tags,
        summary: 'List forums',
        querystring: ForumListQuery,
        response: { 200: ForumPage, ...errors(400) },
      },
    },
    async (request) => forums.listForums(app.ctx, request.query),
  )

  app.get(
    '/forums/:slug',
    {
      schema: {
        tags,
        summary: 'A forum with its budget rules and categories',
        params: SlugParams,
        response: { 200: Forum, ...errors(400, 404) },
      },
    },
    async (request) => forums.getForum(app.ctx, request.params.slug),
  )
}

/** Managing forums and categories: admins. */
export const forumAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/forums',
    {
      schema: {
        tags,
        security,
        summary: 'Create a forum',
        body: CreateForumBody,
        response: { 201: Forum, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await forums.createForum(app.ctx, request.actor, request.body)),
  )

  app.patch(
    '/forums/:slug',
    {
      schema: {
        tags,
        security,
        summary: 'Change a forum’s name, description or budget rules',
        params: SlugParams,
        body: UpdateForumBody,
        response: { 200: Forum, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      forums.updateForum(app.ctx, request.actor, request.params.slug, request.body),
  )

  app.post(
    '/forums/:slug/categories',
    {
      schema: {
        tags,
        security,
        summary: 'Add a category (a release group such as "Performance")',
        params: SlugParams,
        body: CreateCategoryBody,
        response: { 201: Category, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await forums.createCategory(
            app.ctx,
            request.actor,
            request.params.slug,
            request.body.name,
          ),
        ),
  )
}
