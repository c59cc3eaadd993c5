// Per-account limits on writing: new ideas, comments, votes and edits, each per minute and per day
// (IDEA_/COMMENT_/VOTE_/EDIT_RATE_LIMIT). A route opts in with `config: {contentLimit: 'votes'}`;
// every route of one kind draws on the same allowance (PUT and DELETE of a vote, say), keyed on
// the caller's account id (request.actor, set by the auth plugin in onRequest), never the IP.
//
// The counters are @fastify/rate-limit's (createRateLimit), so they live in its store: in memory,
// per process, for now. Registering that plugin with `redis` (plugins/rate-limit.ts) moves these
// counters there too, shared by every instance. Over a limit: 429 RATE_LIMITED with Retry-After.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { ContentKind, ContentLimits, RateWindow } from '../config/content-limits.ts'
import { RateLimited } from '../errors.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Count this route's requests against the caller's allowance of this kind. */
    contentLimit?: ContentKind
  }
}

// Accounts remembered per window by the in-memory store (least recently seen forgotten first,
// which restarts their count): far more than are active at once here, a few MB at most.
const KEYS_PER_WINDOW = 20_000
const WINDOW_NAMES = { min: 'a minute', hour: 'an hour', day: 'a day' } as const

type Check = (
  request: FastifyRequest,
) => Promise<{ exceeded: false } | { exceeded: true; retryAfter: number }>

function windowCheck(app: FastifyInstance, kind: ContentKind, window: RateWindow): Check {
  // `cache` is honoured by createRateLimit but missing from its options type.
  const options = {
    max: window.max,
    timeWindow: window.windowMs,
    cache: KEYS_PER_WINDOW,
    keyGenerator: (request: FastifyRequest) => `content:${kind}:${window.per}:${request.actor?.id}`,
  }
  const limiter = app.createRateLimit(options)
  return async (request) => {
    const result = await limiter(request)
    if (result.isAllowed || !result.isExceeded) return { exceeded: false }
    return { exceeded: true, retryAfter: Math.max(1, result.ttlInSeconds) }
  }
}

function guard(app: FastifyInstance, kind: ContentKind, windows: readonly RateWindow[]) {
  const checks = windows.map((window) => ({ window, check: windowCheck(app, kind, window) }))
  return async function contentLimit(request: FastifyRequest, reply: FastifyReply) {
    // Every opted-in route requires a signed-in caller; its scope has refused anyone else.
    if (!request.actor) return
    // Shortest window first: a request it refuses is not counted against the longer ones.
    for (const { window, check } of checks) {
      const outcome = await check(request)
      if (!outcome.exceeded) continue
      reply.header('retry-after', String(outcome.retryAfter))
      throw new RateLimited(
        `At most ${window.max} ${kind} ${WINDOW_NAMES[window.per]}; retry in ${outcome.retryAfter} s`,
      )
    }
  }
}

export interface ContentLimitOptions {
  limits: ContentLimits
}

export default fp<ContentLimitOptions>(
  async function contentLimits(app: FastifyInstance, { limits }) {
    const guards = new Map<ContentKind, ReturnType<typeof guard>>()
    for (const [kind, windows] of Object.entries(limits) as [ContentKind, RateWindow[]][]) {
      if (windows.length > 0) guards.set(kind, guard(app, kind, windows))
    }
    // preHandler: after validation (a malformed request costs nothing) and after the
    // Idempotency-Key replay (a replay creates nothing, so it is not counted either).
    app.addHook('onRoute', (route: RouteOptions) => {
      const kind = route.config?.contentLimit
      const check = kind && guards.get(kind)
      if (!check) return
      const existing = route.preHandler ? [route.preHandler].flat() : []
      route.preHandler = [...existing, check]
    })
  },
  { name: 'content-limits', dependencies: ['rate-limit', 'auth'] },
)
