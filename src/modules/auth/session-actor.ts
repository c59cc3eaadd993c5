// Tokens and sessions are managed from a signed-in session only: an API token that could mint
// tokens or end sessions would be as good as its user's password.
import { signedIn } from '../../core/access.ts'
import type { Actor } from '../../core/roles.ts'
import { Forbidden } from '../../errors.ts'

export function sessionActor(actor: Actor | null): Actor {
  const who = signedIn(actor)
  if (who.scopes) throw new Forbidden('An API token cannot manage tokens or sessions')
  return who
}
