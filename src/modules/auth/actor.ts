// Who is asking, for the auth plugin: a valid access token names a user and the session version it
// was issued under; the role comes from the database, never from the token. So a demoted admin's
// token cannot act as admin, and a role change (which bumps the version) ends every session at
// once instead of when the token expires.
import type { Kysely } from 'kysely'
import type { Actor } from '../../core/roles.ts'
import type { DB } from '../../db/schema.ts'
import { verifyAccessToken, type TokenKeys } from './tokens.ts'

export function actorResolver(db: Kysely<DB>, keys: TokenKeys) {
  return async (token: string): Promise<Actor | null> => {
    const claims = verifyAccessToken(token, keys)
    if (!claims) return null
    const user = await db
      .selectFrom('users')
      .select(['id', 'role', 'session_version'])
      .where('id', '=', claims.id)
      .executeTakeFirst()
    if (!user || user.session_version !== claims.sessionVersion) return null
    return { id: user.id, role: user.role }
  }
}
