import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errors, IdParams } from '../../http/schemas.ts'
import { Comment, CommentListQuery, CommentPage, CreateCommentBody } from './schemas.ts'
import * as comments from './service.ts'
import { IdempotencyHeaders, serviceContext } from '../../plugins/idempotency.ts'

const tags = ['comments']

/** Reading comments: anyone. */
export const commentReadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/ideas/:id/comments',
    {
      schema: {
        tags,
        summary: 'Comments on an idea, oldest first',
        params: IdParams,
        querystring: CommentListQuery,
        response: { 200: CommentPage, ...errors(400, 401, 404) },
      },
    },
    async (request) => comments.listComments(app.ctx, request.params.id, request.query),
  )
}

/** Commenting: members (official comments: developers). */
export const commentMemberRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/ideas/:id/comments',
    {
      config: { idempotent: true, contentLimit: 'comments' },
      schema: {
        headers: IdempotencyHeaders,
        tags,
        security: [{ bearerAuth: [] }],
        summary: 'Comment on an idea',
        params: IdParams,
        body: CreateCommentBody,
        response: { 201: Comment, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await comments.addComment(
            serviceContext(app, request),
            request.actor,
            request.params.id,
            request.body,
          ),
        ),
  )
}
