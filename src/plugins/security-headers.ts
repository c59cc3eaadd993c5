// @fastify/helmet: the usual security headers on every answer. The CSP allows only same-origin
// scripts, styles and images, which is what the web front end (its own JS/CSS files, no inline
// scripts) and the JSON API need. `upgrade-insecure-requests` is dropped: a self-hosted instance is
// often served over plain HTTP on a LAN, where that directive would break every asset load.
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export default fp(
  async function securityHeaders(app: FastifyInstance) {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'upgrade-insecure-requests': null,
        },
      },
    })
  },
  { name: 'security-headers' },
)
