// Who is asking: a Bearer access token, resolved on every request that carries one (by the accounts
// module, handed in by app.ts: plugins know core/, not modules/). Access levels are encapsulated
// scopes (app.ts) guarded by requireRole, never checks on URLs.
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import type { Role } from '../core/domain.ts'
import { hasRole, type Actor } from '../core/roles.ts'
import { requiredScope, type AccessLevel } from '../core/scopes.ts'
import { Forbidden, Unauthenticated } from '../errors.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or null when the request carries no token. */
    actor: Actor | null
  }
  interface FastifyInstance {
    requireRole(role: Role): onRequestHookHandler
    /** A scope's guard: its role, and for a personal API token the scope the level needs. */
    requireAccess(level: AccessLevel): onRequestHookHandler
  }
}

export interface AuthPluginOptions {
  /** The actor an access token names, with their current role; null for an invalid token. */
  resolveActor: (token: string) => Promise<Actor | null>
}

export default fp<AuthPluginOptions>(
  async function auth(app: FastifyInstance, { resolveActor }) {
    app.decorateRequest('actor', null)

    // A token that is present but invalid is an error even on public routes: the client believes
    // it is signed in and must learn otherwise.
    app.addHook('onRequest', async (request: FastifyRequest) => {
      const header = request.headers.authorization
      if (header === undefined) return
      const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header)
      const actor = match?.[1] ? await resolveActor(match[1]) : null
      if (!actor) throw new Unauthenticated('The access token is missing, invalid or expired')
      request.actor = actor
    })

    const checkRole = (request: FastifyRequest, role: Role) => {
      if (!request.actor) throw new Unauthenticated('Sign in to do this')
      if (!hasRole(request.actor, role)) throw new Forbidden(`This needs the ${role} role`)
    }
    app.decorate('requireRole', (role: Role): onRequestHookHandler => {
      return async (request: FastifyRequest) => checkRole(request, role)
    })
    app.decorate('requireAccess', (level: AccessLevel): onRequestHookHandler => {
      return async (request: FastifyRequest) => {
        if (level !== 'anyone') checkRole(request, level)
        const scopes = request.actor?.scopes
        if (!scopes) return
        const needed = requiredScope(level, request.method)
        if (needed && !scopes.includes(needed)) {
          throw new Forbidden(`This API token lacks the ${needed} scope`)
        }
      }
    })
  },
  { name: 'auth' },
)
