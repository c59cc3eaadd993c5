// Browser sessions. The refresh token never reaches JavaScript: it lives in an httpOnly,
// SameSite=Strict cookie whose Path is limited to these routes, and the page keeps only the
// short-lived access token in memory. Because a cookie is sent by the browser on its own, every
// route here also demands a custom header (X-Tally-CSRF) — a cross-site form cannot set one, and a
// cross-origin fetch that tries is stopped by CORS preflight — and, when the browser names an
// Origin, that it is this site.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { Forbidden, InvalidRefreshToken } from '../errors.ts'
import { errors } from '../http/schemas.ts'
import { LoginBody, RegisterBody, User } from '../modules/auth/schemas.ts'
import { passwordOrigin } from '../modules/auth/routes.ts'
import * as auth from '../modules/auth/service.ts'
import { clearSessionCookies, REFRESH_COOKIE, setSessionCookies } from './session-cookie.ts'

export { HINT_COOKIE, REFRESH_COOKIE, SESSION_PREFIX } from './session-cookie.ts'
export const CSRF_HEADER = 'x-tally-csrf'

const BrowserSession = Type.Object({
  user: User,
  accessToken: Type.String(),
  expiresIn: Type.Integer(),
})

type Issued = Awaited<ReturnType<typeof auth.login>>

export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const throttled = app.signInThrottle
  const maxAge = app.ctx.config.auth.refreshTokenTtlDays * 86_400

  app.addHook('onRequest', async (request) => checkCsrf(request))

  const start = (request: FastifyRequest, reply: FastifyReply, issued: Issued) => {
    setSessionCookies(request, reply, issued.refreshToken, maxAge)
    return { user: issued.user, accessToken: issued.accessToken, expiresIn: issued.expiresIn }
  }
  const end = clearSessionCookies
  const tags = ['web']

  app.post(
    '/register',
    {
      ...throttled,
      schema: {
        tags,
        summary: 'Sign up; the session is kept in a cookie',
        body: RegisterBody,
        response: { 200: BrowserSession, ...errors(400, 403, 409, 429) },
      },
    },
    async (request, reply) =>
      start(request, reply, await auth.register(app.ctx, request.body, passwordOrigin(request))),
  )
  app.post(
    '/login',
    {
      ...throttled,
      schema: {
        tags,
        summary: 'Sign in; the session is kept in a cookie',
        body: LoginBody,
        response: { 200: BrowserSession, ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) =>
      start(request, reply, await auth.login(app.ctx, request.body, passwordOrigin(request))),
  )
  app.post(
    '/refresh',
    {
      schema: {
        tags,
        summary: 'A new access token from the session cookie (rotates the cookie)',
        response: { 200: BrowserSession, ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const token = request.cookies[REFRESH_COOKIE]
      if (!token) throw new InvalidRefreshToken('No session')
      try {
        return start(request, reply, await auth.refresh(app.ctx, token))
      } catch (err) {
        end(reply)
        throw err
      }
    },
  )
  app.post(
    '/logout',
    {
      schema: {
        tags,
        summary: 'Sign out: revoke the session and clear its cookie',
        response: { 204: { type: 'null' }, ...errors(403) },
      },
    },
    async (request, reply) => {
      const token = request.cookies[REFRESH_COOKIE]
      if (token) await auth.logout(app.ctx, token)
      end(reply)
      return reply.status(204).send(null)
    },
  )
}

function checkCsrf(request: FastifyRequest) {
  if (request.headers[CSRF_HEADER] !== '1') {
    throw new Forbidden(`Missing the ${CSRF_HEADER} header`)
  }
  const origin = request.headers.origin
  if (origin === undefined || origin === `${request.protocol}://${request.host}`) return
  // The page was served over https but this request reached us over http: a proxy terminates
  // TLS, and its X-Forwarded-Proto is only believed from a peer TRUST_PROXY names.
  if (origin === `https://${request.host}` && request.protocol === 'http') {
    throw new Forbidden(
      'This page is served over https but the request reached Tally over http; behind a ' +
        'TLS-terminating proxy, set TRUST_PROXY so that its X-Forwarded-Proto is believed',
    )
  }
  throw new Forbidden('Cross-origin request refused')
}
