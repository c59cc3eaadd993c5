// Who is asking, for the auth plugin: a valid access token names a user and the session version it
// was issued under; the role comes from the database, never from the token. So a demoted admin's
// token cannot act as admin, and a role change (which bumps the version) ends every session at
// once instead of when the token expires. An access token naming a session also dies with it (a
// signed-out or revoked session leaves no 15-minute tail). A personal API token (`tly_…`) acts as
// the lower of its user's current role and its scopes' (core/scopes.ts). A disabled user's tokens
// of either kind stop working at their next request.
import { sql, type Kysely } from 'kysely'
import type { Clock } from '../../core/clock.ts'
import type { Actor } from '../../core/roles.ts'
import { tokenRole } from '../../core/scopes.ts'
import type { DB } from '../../db/schema.ts'
import { API_TOKEN_PREFIX, hashRefreshToken, verifyAccessToken, type TokenKeys } from './tokens.ts'

/** last_used_at is written at most this often per token: one write a minute, not one a request. */
const LAST_USED_RESOLUTION_MS = 60_000

export function actorResolver(db: Kysely<DB>, keys: TokenKeys, clock: Clock) {
  return async (token: string): Promise<Actor | null> => {
    if (token.startsWith(API_TOKEN_PREFIX)) return apiTokenActor(db, token, clock.now())
    const claims = verifyAccessToken(token, keys)
    if (!claims) return null
    const { sessionId } = claims
    const user = await db
      .selectFrom('users')
      .select(['id', 'role', 'session_version', 'disabled_at'])
      .$if(sessionId !== undefined, (q) =>
        q.select((eb) =>
          eb
            .exists(
              eb
                .selectFrom('refresh_tokens')
                .select(sql.lit(1).as('one'))
                .where('family_id', '=', sessionId ?? '')
                .where('user_id', '=', claims.id)
                .where('revoked_at', 'is', null),
            )
            .as('session_live'),
        ),
      )
      .where('id', '=', claims.id)
      .executeTakeFirst()
    if (!user || user.session_version !== claims.sessionVersion || user.disabled_at) return null
    if (sessionId !== undefined && !(user as { session_live?: boolean }).session_live) return null
    return sessionId === undefined
      ? { id: user.id, role: user.role }
      : { id: user.id, role: user.role, sessionId }
  }
}

async function apiTokenActor(db: Kysely<DB>, token: string, now: Date): Promise<Actor | null> {
  // Only a well-formed token reaches the database (the prefix and 43 base64url characters).
  if (!/^tly_[A-Za-z0-9_-]{43}$/.test(token)) return null
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.scopes',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
      'api_tokens.last_used_at',
      'users.id as user_id',
      'users.role',
      'users.disabled_at',
    ])
    .where('api_tokens.token_hash', '=', hashRefreshToken(token))
    .executeTakeFirst()
  if (!row || row.revoked_at || row.disabled_at) return null
  if (row.expires_at && row.expires_at <= now) return null
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so concurrent requests write once; not a unit of work: one row, no invariant.
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', row.token_id)
      .where((eb) =>
        eb.or([
          eb('last_used_at', 'is', null),
          eb('last_used_at', '<=', new Date(now.getTime() - LAST_USED_RESOLUTION_MS)),
        ]),
      )
      .execute()
  }
  return { id: row.user_id, role: tokenRole(row.role, row.scopes), scopes: row.scopes }
}
