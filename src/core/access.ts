// Access checks used as the first line of service methods. Route scopes already enforce roles
// (app.ts); these keep the rule true for every caller, including the CLI and other services.
import type { Role } from './domain.ts'
import { Forbidden, Unauthenticated } from '../errors.ts'
import { hasRole, type Actor } from './roles.ts'

export function signedIn(actor: Actor | null): Actor {
  if (!actor) throw new Unauthenticated('Sign in to do this')
  return actor
}

export function withRole(actor: Actor | null, role: Role): Actor {
  const who = signedIn(actor)
  if (!hasRole(who, role)) throw new Forbidden(`This needs the ${role} role`)
  return who
}
