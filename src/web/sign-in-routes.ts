// Sign-in by redirect: OpenID Connect and GitHub (/auth/:provider/start → the provider →
// /auth/:provider/callback) and signed SSO from an embedding product (/sso?token=…). Each ends as
// a password sign-in on the web page does — the refresh token in the session cookie — and then
// redirects to `next`, a path on this site only. Any refusal redirects to /?signin_error=<code>
// with nothing created and no cookie set.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { SignInRefused } from '../modules/auth/external.ts'
import { finishSignIn, startSignIn } from '../modules/auth/providers.ts'
import { ssoSignIn } from '../modules/auth/sso.ts'
import { setSessionCookies } from './session-cookie.ts'

/** The state a browser started a provider sign-in with: sent back on the provider's redirect. */
export const STATE_COOKIE = 'tally_signin_state'
const STATE_PATH = '/auth/'

/**
 * `next` as a path on this site, or '/': no scheme, no host, no `//evil` or `/\evil` (browsers read
 * both as another host), no control characters (the same rule as the page's safe-next.js).
 */
export function sameSitePath(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/'
  // eslint-disable-next-line no-control-regex
  if (!/^\/(?![/\\])/.test(next) || /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/.test(next))
    return '/'
  const base = 'http://tally.invalid'
  const url = new URL(next, base)
  if (url.origin !== base) return '/'
  return `${url.pathname}${url.search}${url.hash}`
}

export const signInRoutes: FastifyPluginAsync = async (app) => {
  const maxAge = app.ctx.config.auth.refreshTokenTtlDays * 86_400
  const hide = { schema: { hide: true } }

  const refused = (reply: FastifyReply, err: unknown) => {
    if (!(err instanceof SignInRefused)) throw err
    return reply.redirect(`/?signin_error=${err.code}`, 302)
  }
  const signedIn = (
    request: FastifyRequest,
    reply: FastifyReply,
    refreshToken: string,
    next: string,
  ) => {
    setSessionCookies(request, reply, refreshToken, maxAge)
    return reply.header('cache-control', 'no-store').redirect(next, 302)
  }

  app.get('/sso', hide, async (request, reply) => {
    const query = request.query as { token?: unknown; next?: unknown }
    try {
      if (typeof query.token !== 'string' || query.token.length > 8192) {
        throw new SignInRefused('invalid_token')
      }
      const issued = await ssoSignIn(app.ctx, query.token, request.headers['user-agent'])
      return signedIn(request, reply, issued.refreshToken, sameSitePath(query.next))
    } catch (err) {
      return refused(reply, err)
    }
  })

  app.get('/auth/:provider/start', hide, async (request, reply) => {
    const { provider } = request.params as { provider: string }
    const next = sameSitePath((request.query as { next?: unknown }).next)
    try {
      const { url, state } = await startSignIn(app.ctx, provider, next)
      // Lax, not Strict: it must come back on the provider's cross-site redirect to the callback.
      reply.setCookie(STATE_COOKIE, state, {
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        path: STATE_PATH,
        maxAge: 600,
      })
      return reply.header('cache-control', 'no-store').redirect(url, 302)
    } catch (err) {
      return refused(reply, err)
    }
  })

  app.get('/auth/:provider/callback', hide, async (request, reply) => {
    const { provider } = request.params as { provider: string }
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : ''
    reply.clearCookie(STATE_COOKIE, { path: STATE_PATH })
    try {
      const { session, next } = await finishSignIn(
        app.ctx,
        provider,
        query,
        request.cookies[STATE_COOKIE],
        request.headers['user-agent'],
      )
      return signedIn(request, reply, session.refreshToken, next)
    } catch (err) {
      return refused(reply, err)
    }
  })
}
