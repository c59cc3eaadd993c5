// Who is asking: a Bearer access token, verified on every request that carries one. Access levels
// are encapsulated scopes (app.ts) guarded by requireRole, never checks on URLs.
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import type { Role } from '../db/schema.ts'
import { Forbidden, Unauthenticated } from '../errors.ts'
import { verifyAccessToken, type Actor, type TokenKeys } from '../modules/auth/tokens.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or null when the request carries no token. */
    actor: Actor | null
  }
  interface FastifyInstance {
    requireRole(role: Role): onRequestHookHandler
  }
}

export const ROLE_RANK: Record<Role, number> = { member: 1, developer: 2, coordinator: 3, admin: 4 }

export const hasRole = (actor: Actor | null, role: Role): boolean =>
  actor !== null && ROLE_RANK[actor.role] >= ROLE_RANK[role]

export interface AuthPluginOptions {
  keys: TokenKeys
}

export default fp<AuthPluginOptions>(
  async function auth(app: FastifyInstance, { keys }) {
    app.decorateRequest('actor', null)

    // A token that is present but invalid is an error even on public routes: the client believes
    // it is signed in and must learn otherwise.
    app.addHook('onRequest', async (request: FastifyRequest) => {
      const header = request.headers.authorization
      if (header === undefined) return
      const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header)
      const actor = match?.[1] ? verifyAccessToken(match[1], keys) : null
      if (!actor) throw new Unauthenticated('The access token is missing, invalid or expired')
      request.actor = actor
    })

    app.decorate('requireRole', (role: Role): onRequestHookHandler => {
      return async (request: FastifyRequest) => {
        if (!request.actor) throw new Unauthenticated('Sign in to do this')
        if (!hasRole(request.actor, role)) throw new Forbidden(`This needs the ${role} role`)
      }
    })
  },
  { name: 'auth' },
)
