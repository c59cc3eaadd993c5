import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errors, SlugParams } from '../../http/schemas.ts'
import { exportStream } from './service.ts'

/** Moving a forum out: admins. */
export const transferAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/forums/:slug/export',
    {
      schema: {
        tags: ['transfer'],
        security: [{ bearerAuth: [] }],
        summary: 'The forum in the intermediate format, as one NDJSON stream',
        description:
          'A manifest line {kind:"manifest", format, version, forum, exportedAt}, then every record as {kind, ...record} ' +
          'in import order (users, categories, releases, features, ideas, status_changes, comments, ballots), ' +
          'then {kind:"counts", ...}. Streamed as it is read from the database.',
        params: SlugParams,
        response: {
          200: { content: { 'application/x-ndjson': { schema: Type.Unknown() } } },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const stream = await exportStream(app.ctx, request.actor, request.params.slug)
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${request.params.slug}-export.ndjson"`,
        )
        .send(stream)
    },
  )
}
