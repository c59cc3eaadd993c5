import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import { Type } from 'typebox'
import { Unavailable } from '../../errors.ts'
import { errors } from '../../http/schemas.ts'

const READY_TIMEOUT_MS = 2000

/** Liveness and readiness, for load balancers and orchestrators. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['service'],
        summary: 'The process is alive',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/ready',
    {
      schema: {
        tags: ['service'],
        summary: 'The database answers',
        response: { 200: Type.Object({ status: Type.Literal('ready') }), ...errors(503) },
      },
    },
    async () => {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS)
      })
      try {
        await Promise.race([sql`SELECT 1`.execute(app.ctx.db), timeout])
      } catch {
        throw new Unavailable('The database is not answering')
      } finally {
        clearTimeout(timer)
      }
      return { status: 'ready' as const }
    },
  )
}
