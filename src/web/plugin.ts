// The web front end, served by the API process itself (same origin, no build step): HTML shells
// for each page, the browser modules and stylesheet under /static/, and the cookie session routes.
// Encapsulated (not fastify-plugin), so its CSP header and cookie parsing stay in this scope.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyCookie from '@fastify/cookie'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'
import { CONTENT_SECURITY_POLICY } from './csp.ts'
import { pages, shell } from './pages.ts'
import { SESSION_PREFIX, sessionRoutes } from './session-routes.ts'
import { signInRoutes } from './sign-in-routes.ts'

const STATIC_ROOT = join(dirname(fileURLToPath(import.meta.url)), 'static')

export const webPlugin: FastifyPluginAsync = async (app) => {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY)
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'same-origin')
  })
  await app.register(fastifyCookie)
  await app.register(fastifyStatic, {
    root: STATIC_ROOT,
    prefix: '/static/',
    // Small files, edited without a build: let the browser revalidate instead of caching stale code.
    cacheControl: true,
    maxAge: 0,
  })
  // Rendered once: the shells are constants.
  for (const page of pages) {
    const html = shell(page)
    app.get(page.path, { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html),
    )
  }
  await app.register(sessionRoutes, { prefix: SESSION_PREFIX })
  await app.register(signInRoutes)
}
