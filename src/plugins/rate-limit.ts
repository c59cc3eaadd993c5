// @fastify/rate-limit, off by default: only routes that ask for it (login, register) are limited.
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { RateLimited } from '../errors.ts'

export default fp(
  async function rateLimiting(app: FastifyInstance) {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new RateLimited(`Too many attempts; retry in ${context.after}`),
    })
  },
  { name: 'rate-limit' },
)
