// The browser session's cookies, set by every way of signing in (password, provider, SSO): the
// refresh token in an httpOnly, SameSite=Strict cookie scoped to the session routes, and a
// harmless hint that a session exists.
import type { FastifyReply, FastifyRequest } from 'fastify'

export const SESSION_PREFIX = '/web/session'
export const REFRESH_COOKIE = 'tally_refresh'
/** Not a secret: tells the page a session cookie exists, so anonymous visits skip a refresh call. */
export const HINT_COOKIE = 'tally_signed_in'

export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  refreshToken: string,
  maxAgeSeconds: number,
) {
  const secure = request.protocol === 'https'
  reply.setCookie(REFRESH_COOKIE, refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: SESSION_PREFIX,
    maxAge: maxAgeSeconds,
  })
  reply.setCookie(HINT_COOKIE, '1', {
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: maxAgeSeconds,
  })
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(REFRESH_COOKIE, { path: SESSION_PREFIX })
  reply.clearCookie(HINT_COOKIE, { path: '/' })
}
