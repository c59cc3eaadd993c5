// Roles are ordered: each includes the ones below it (DESIGN §1).
import type { Role } from './domain.ts'
import type { ApiScope } from './scopes.ts'

export const ROLE_RANK: Record<Role, number> = { member: 1, developer: 2, coordinator: 3, admin: 4 }

/** Who is asking: always the user's current role, read from the database for each request. */
export interface Actor {
  id: number
  role: Role
  /** The session (refresh-token family) an access token was issued for, when it names one. */
  sessionId?: string
  /** Set only for a personal API token: what it may do (core/scopes.ts). */
  scopes?: readonly ApiScope[]
}

export const hasRole = (actor: Actor | null, role: Role): boolean =>
  actor !== null && ROLE_RANK[actor.role] >= ROLE_RANK[role]

export const higherRole = (a: Role, b: Role): Role => (ROLE_RANK[a] >= ROLE_RANK[b] ? a : b)
