// Personal API tokens carry scopes. A token never acts above its user's current role, nor above
// what its scopes imply; and each access level of the API needs its own scope, so a `read` token
// cannot vote and a `vote` token cannot triage, whatever its user's role.
import type { Role } from './domain.ts'
import { ROLE_RANK } from './roles.ts'

export const API_SCOPES = ['read', 'vote', 'triage', 'releases', 'admin'] as const
export type ApiScope = (typeof API_SCOPES)[number]

/** How a session began (API.md: sessions' `method`). */
export const SIGN_IN_METHODS = ['password', 'oidc', 'github', 'sso'] as const
export type SignInMethod = (typeof SIGN_IN_METHODS)[number]

/** The least role that may hold each scope, and the most a token with it may act as. */
export const SCOPE_ROLE: Record<ApiScope, Role> = {
  read: 'member',
  vote: 'member',
  triage: 'developer',
  releases: 'coordinator',
  admin: 'admin',
}

/** The API's access levels (app.ts registers every route under one). */
export type AccessLevel = 'anyone' | Role

/** The role a token acts as: the lower of its user's current role and its highest scope's. */
export function tokenRole(userRole: Role, scopes: readonly ApiScope[]): Role {
  let granted: Role = 'member'
  for (const scope of scopes) {
    if (ROLE_RANK[SCOPE_ROLE[scope]] > ROLE_RANK[granted]) granted = SCOPE_ROLE[scope]
  }
  return ROLE_RANK[granted] < ROLE_RANK[userRole] ? granted : userRole
}

/**
 * The scope a request at `level` needs, or null when any scope will do (reading what anyone or any
 * member may read). Writes at the anyone level (sign-in routes) do not act as the token's user.
 */
export function requiredScope(level: AccessLevel, method: string): ApiScope | null {
  const reading = method === 'GET' || method === 'HEAD'
  switch (level) {
    case 'anyone':
      return null
    case 'member':
      return reading ? null : 'vote'
    case 'developer':
      return 'triage'
    case 'coordinator':
      return 'releases'
    case 'admin':
      return 'admin'
  }
}
