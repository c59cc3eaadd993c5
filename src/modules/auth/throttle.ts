// Sign-in attempts (login and register, API and web), limited per client IP and per e-mail
// (AUTH_RATE_LIMIT a minute). Made once per app and shared by every sign-in route, so that the
// API's and the web page's routes draw on one allowance instead of one each.
// Per IP: @fastify/rate-limit in memory, in onRequest, before the body is even parsed. Per e-mail:
// a counter in the database (login_attempts), keyed by the login's own normalisation of the
// address, so restarting the service or adding an instance does not hand someone guessing one
// account's password a fresh allowance, and neither does spelling the address another way.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { sql } from 'kysely'
import { RateLimited } from '../../errors.ts'
import { normaliseEmail } from './email.ts'

const WINDOW_MS = 60_000

export interface SignInThrottle {
  onRequest(request: FastifyRequest, reply: FastifyReply): Promise<void>
  preHandler(request: FastifyRequest, reply: FastifyReply): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Spread into a sign-in route's options: `{...app.signInThrottle, schema: …}`. */
    signInThrottle: SignInThrottle
  }
}

function authThrottle(app: FastifyInstance): SignInThrottle {
  const max = app.ctx.config.auth.rateLimitPerMinute
  const byIp = app.createRateLimit({
    max,
    timeWindow: WINDOW_MS,
    keyGenerator: (request: FastifyRequest) => `auth-ip:${request.ip}`,
  })

  const limited = (reply: FastifyReply, retryAfterSeconds: number) => {
    reply.header('retry-after', String(retryAfterSeconds))
    return new RateLimited(`Too many attempts; retry in ${retryAfterSeconds} s`)
  }

  const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
    const result = await byIp(request)
    if (result.isAllowed || !result.isExceeded) return
    throw limited(reply, result.ttlInSeconds)
  }

  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const email = String((request.body as { email?: unknown } | undefined)?.email ?? '')
    const { attempts, windowStart } = await countAttempt(app, normaliseEmail(email))
    if (attempts <= max) return
    const left = windowStart.getTime() + WINDOW_MS - app.ctx.clock.now().getTime()
    throw limited(reply, Math.max(1, Math.ceil(left / 1000)))
  }

  return { onRequest, preHandler }
}

export default fp(
  async function signInThrottle(app: FastifyInstance) {
    app.decorate('signInThrottle', authThrottle(app))
  },
  { name: 'sign-in-throttle', dependencies: ['database', 'rate-limit'] },
)

/** One more attempt for `email` in its current window (a new window once the old one is over). */
async function countAttempt(app: FastifyInstance, email: string) {
  const now = app.ctx.clock.now()
  const windowOver = sql<boolean>`login_attempts.window_start <= ${now}::timestamptz - ${`${WINDOW_MS} milliseconds`}::interval`
  const row = await app.ctx.db
    .insertInto('login_attempts')
    .values({ email, window_start: now, attempts: 1 })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet({
        attempts: sql`CASE WHEN ${windowOver} THEN 1 ELSE login_attempts.attempts + 1 END`,
        window_start: sql`CASE WHEN ${windowOver} THEN ${now}::timestamptz ELSE login_attempts.window_start END`,
      }),
    )
    .returning(['attempts', 'window_start'])
    .executeTakeFirstOrThrow()
  return { attempts: row.attempts, windowStart: new Date(row.window_start) }
}
