// Login and register attempts, limited per client IP and per e-mail (AUTH_RATE_LIMIT a minute).
// @fastify/rate-limit runs one limiter per request, so both limits are applied here through its
// createRateLimit API, one in onRequest (before the body is even parsed) and one in preHandler.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { RateLimited } from '../../errors.ts'

const WINDOW_MS = 60_000

export function authThrottle(app: FastifyInstance) {
  const max = app.ctx.config.auth.rateLimitPerMinute
  const byIp = app.createRateLimit({
    max,
    timeWindow: WINDOW_MS,
    keyGenerator: (request: FastifyRequest) => `auth-ip:${request.ip}`,
  })
  const byEmail = app.createRateLimit({
    max,
    timeWindow: WINDOW_MS,
    keyGenerator: (request: FastifyRequest) => {
      const email = (request.body as { email?: unknown } | undefined)?.email
      return `auth-email:${String(email ?? '').toLowerCase()}`
    },
  })

  const check = (limiter: typeof byIp) => async (request: FastifyRequest, reply: FastifyReply) => {
    const result = await limiter(request)
    if (result.isAllowed || !result.isExceeded) return
    reply.header('retry-after', String(result.ttlInSeconds))
    throw new RateLimited(`Too many attempts; retry in ${result.ttlInSeconds} s`)
  }
  return { onRequest: check(byIp), preHandler: check(byEmail) }
}
