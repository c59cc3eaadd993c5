// OpenAPI generated from the route schemas: /openapi.json, and Swagger UI at /docs.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export default fp(
  async function openapi(app: FastifyInstance) {
    await app.register(swagger, {
      // Shared schemas keep their $id as their component name (ErrorResponse, not def-0).
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) =>
          typeof json.$id === 'string' ? json.$id : `def-${i}`,
      },
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Tally',
          description:
            'Feature voting with vote budgets, ranked demand and release planning. ' +
            'Errors are `{statusCode, code, error, message}`; see the README for the codes.',
          version: '1.0.0',
        },
        components: {
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
      },
    })
    // Swagger UI brings its own CSP (hashes of its inline bits) for its pages, replacing helmet's
    // stricter one there; minus upgrade-insecure-requests, as in security-headers.ts.
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'openapi' },
)
