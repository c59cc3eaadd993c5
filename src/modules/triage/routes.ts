import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errors, SlugParams } from '../../http/schemas.ts'
import { TriagePage, TriageQuery } from './schemas.ts'
import * as triage from './service.ts'

/** The ranked demand table: developers. */
export const triageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/forums/:slug/triage',
    {
      schema: {
        tags: ['triage'],
        security: [{ bearerAuth: [] }],
        summary:
          'Open, not yet planned ideas ranked, with their metrics (JSON, or CSV with format=csv)',
        description: `format=csv returns the whole ranked list (up to ${triage.CSV_MAX_ROWS} rows, ignoring limit and cursor) as RFC 4180 CSV with a header row.`,
        params: SlugParams,
        querystring: TriageQuery,
        response: {
          200: {
            content: {
              'application/json': { schema: TriagePage },
              'text/csv': { schema: Type.String() },
            },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query
      if (format === 'csv') {
        const csv = await triage.triageCsv(app.ctx, request.actor, request.params.slug, query)
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${request.params.slug}-triage.csv"`)
          .send(csv)
      }
      return reply
        .type('application/json')
        .send(await triage.triage(app.ctx, request.actor, request.params.slug, query))
    },
  )
}
