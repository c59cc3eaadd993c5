// buildApp(config): the whole service as a Fastify instance — infrastructure plugins, the error
// handler, and every route under the access level that guards it.
import type { Role } from './core/domain.ts'
import type { AccessLevel } from './core/scopes.ts'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Server } from 'node:http'
import Fastify, {
  type FastifyHttpOptions,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyServerOptions,
} from 'fastify'
import type { AppConfig } from './config.ts'
import type { Database } from './db/engine.ts'
import { ErrorResponse } from './http/schemas.ts'
import { actorResolver } from './modules/auth/actor.ts'
import { accountRoutes, providerRoutes } from './modules/auth/account-routes.ts'
import { authRoutes, meRoutes } from './modules/auth/routes.ts'
import signInThrottle from './modules/auth/throttle.ts'
import { commentMemberRoutes, commentReadRoutes } from './modules/comments/routes.ts'
import {
  featureOwnerRoutes,
  featurePlanningRoutes,
  featureReadRoutes,
} from './modules/features/routes.ts'
import { forumAdminRoutes, forumReadRoutes } from './modules/forums/routes.ts'
import { healthRoutes } from './modules/health/routes.ts'
import { ideaMemberRoutes, ideaReadRoutes, ideaTriageRoutes } from './modules/ideas/routes.ts'
import {
  releaseCoordinatorRoutes,
  releasePlanRoutes,
  releaseReadRoutes,
} from './modules/releases/routes.ts'
import { transferAdminRoutes } from './modules/transfer/routes.ts'
import { triageRoutes } from './modules/triage/routes.ts'
import { userAdminRoutes } from './modules/users/routes.ts'
import { voteRoutes } from './modules/votes/routes.ts'
import authPlugin from './plugins/auth.ts'
import contentLimits from './plugins/content-limits.ts'
import corsPolicy from './plugins/cors.ts'
import { systemClock, type Clock } from './core/clock.ts'
import databasePlugin from './plugins/database.ts'
import errorHandler, { clientErrorHandler, frameworkErrors } from './plugins/error-handler.ts'
import idempotency from './plugins/idempotency.ts'
import rateLimit from './plugins/rate-limit.ts'
import requestDeadline from './plugins/request-deadline.ts'
import securityHeaders from './plugins/security-headers.ts'
import swagger from './plugins/swagger.ts'
import validation from './plugins/validation.ts'
import { webPlugin } from './web/plugin.ts'

export const API_PREFIX = '/api/v1'
const BODY_LIMIT = 1024 * 1024
const MAX_HEADER_BYTES = 16 * 1024
const HEADERS_TIMEOUT_MS = 10_000

// Every API route, by the least role that may call it. A route's own service method may narrow
// further (authors, owners), but nothing here is reachable by a lower role.
const routesByAccess: Record<'anyone' | Role, FastifyPluginAsync[]> = {
  anyone: [
    authRoutes,
    providerRoutes,
    forumReadRoutes,
    ideaReadRoutes,
    commentReadRoutes,
    releaseReadRoutes,
    featureReadRoutes,
  ],
  member: [
    meRoutes,
    accountRoutes,
    ideaMemberRoutes,
    voteRoutes,
    commentMemberRoutes,
    featureOwnerRoutes,
  ],
  developer: [ideaTriageRoutes, triageRoutes, releasePlanRoutes],
  coordinator: [releaseCoordinatorRoutes, featurePlanningRoutes],
  admin: [userAdminRoutes, forumAdminRoutes, transferAdminRoutes],
}

export interface BuildOptions {
  database: Database
  clock?: Clock
  /** Close the database with the app (default true). */
  closeDatabase?: boolean
  /** Override the logger (tests capture log lines through a stream). */
  logger?: FastifyServerOptions['logger']
}

export async function buildApp(config: AppConfig, options: BuildOptions): Promise<FastifyInstance> {
  const serverOptions: FastifyHttpOptions<Server> = {
    logger: options.logger ?? loggerOptions(config),
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT,
    // Slow clients must not hold connections: bound the whole request, headers and idle sockets.
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs * 2,
    keepAliveTimeout: 5000,
    http: {
      // Headers must arrive within 10 s (a slowloris holds a socket by trickling them) and fit in
      // 16 KiB; Node checks these timeouts every second instead of its default 30.
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, config.requestTimeoutMs),
      maxHeaderSize: MAX_HEADER_BYTES,
      connectionsCheckingInterval: 1000,
    },
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    frameworkErrors,
    clientErrorHandler,
  }
  const app = Fastify(serverOptions).withTypeProvider<TypeBoxTypeProvider>()
  // Far fewer headers than Node's 2000 are enough for any client of this API.
  app.server.maxHeadersCount = 100

  app.addSchema(ErrorResponse)
  await app.register(errorHandler)
  await app.register(requestDeadline, { deadlineMs: config.requestDeadlineMs })
  await app.register(validation)
  await app.register(databasePlugin, {
    database: options.database,
    clock: options.clock ?? systemClock,
    config,
    closeWithApp: options.closeDatabase ?? true,
  })
  await app.register(securityHeaders)
  await app.register(corsPolicy, { origins: config.corsOrigins })
  await app.register(swagger)
  await app.register(rateLimit)
  await app.register(signInThrottle)
  await app.register(authPlugin, {
    resolveActor: actorResolver(
      options.database.db,
      {
        secret: config.auth.jwtSecret,
        previousSecret: config.auth.jwtPreviousSecret,
        ttlSeconds: config.auth.accessTokenTtlSeconds,
      },
      options.clock ?? systemClock,
    ),
  })

  await app.register(idempotency)
  await app.register(contentLimits, { limits: config.contentLimits })

  await app.register(healthRoutes)
  await app.register(
    async (api) => {
      for (const [access, plugins] of Object.entries(routesByAccess)) {
        await api.register(async (scope) => {
          scope.addHook('onRequest', scope.requireAccess(access as AccessLevel))
          for (const plugin of plugins) await scope.register(plugin)
        })
      }
    },
    { prefix: API_PREFIX },
  )
  // The browser front end (pages, static files, cookie sessions) in its own scope.
  await app.register(webPlugin)
  return app
}

// Secrets never reach a log line: tokens, passwords and auth headers are redacted wherever they
// appear in a logged object.
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
]

// Some secrets travel in a query string: an SSO token (/sso?token=), a provider's authorization
// code and state (/auth/:provider/callback?code=&state=). Their values never reach a log line.
const SECRET_QUERY = /([?&](?:token|code|state|id_token|access_token)=)[^&#]*/gi
export const redactUrl = (url: string): string => url.replace(SECRET_QUERY, '$1[redacted]')

function loggerOptions(config: AppConfig): FastifyServerOptions['logger'] {
  const pretty = process.stdout.isTTY && config.env !== 'production'
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; host?: string; ip?: string }) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
      }),
    },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  }
}
