// CORS is off unless CORS_ORIGINS lists the browser origins allowed to call the API.
import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export default fp<{ origins: readonly string[] }>(
  async function corsPolicy(app: FastifyInstance, { origins }) {
    if (origins.length === 0) return
    await app.register(cors, {
      origin: [...origins],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key'],
      maxAge: 600,
    })
  },
  { name: 'cors' },
)
