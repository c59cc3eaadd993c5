// SQL for users and refresh tokens. Functions take the db handle first; those that lock or write
// take a Transaction, so they can only run inside a unit of work. Password hashes are only ever selected by credentialsByEmail.
import type { Role } from '../../core/domain.ts'
import type { SignInMethod } from '../../core/scopes.ts'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB, NewUser } from '../../db/schema.ts'
import { normaliseEmail } from './email.ts'

export const userColumns = [
  'id',
  'email',
  'display_name',
  'role',
  'session_version',
  'disabled_at',
  'created_at',
] as const

export function insertUser(db: Transaction<DB>, user: NewUser) {
  return db.insertInto('users').values(user).returning(userColumns).executeTakeFirstOrThrow()
}

export function userById(db: Kysely<DB>, id: number) {
  return db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst()
}

export function credentialsByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom('users')
    .select([...userColumns, 'password_hash'])
    .where(sql`lower(email)`, '=', normaliseEmail(email))
    .executeTakeFirst()
}

export function userByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom('users')
    .select(userColumns)
    .where(sql`lower(email)`, '=', normaliseEmail(email))
    .executeTakeFirst()
}

export async function adminExists(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin' satisfies Role)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

export function insertRefreshToken(
  db: Transaction<DB>,
  token: {
    userId: number
    familyId: string
    hash: string
    expiresAt: Date
    method?: SignInMethod
    userAgent?: string
  },
) {
  return db
    .insertInto('refresh_tokens')
    .values({
      user_id: token.userId,
      family_id: token.familyId,
      token_hash: token.hash,
      expires_at: token.expiresAt,
      method: token.method,
      user_agent: token.userAgent,
    })
    .execute()
}

/** Locks the token row so two concurrent refreshes with one token cannot both succeed. */
export function refreshTokenForUpdate(db: Transaction<DB>, hash: string) {
  return db
    .selectFrom('refresh_tokens')
    .selectAll()
    .where('token_hash', '=', hash)
    .forUpdate()
    .executeTakeFirst()
}

export function markRefreshTokenUsed(db: Transaction<DB>, id: number, at: Date) {
  return db.updateTable('refresh_tokens').set({ used_at: at }).where('id', '=', id).execute()
}

export function revokeFamily(db: Transaction<DB>, familyId: string, at: Date) {
  return db
    .updateTable('refresh_tokens')
    .set({ revoked_at: at })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute()
}

export function familyOfToken(db: Kysely<DB>, hash: string) {
  return db
    .selectFrom('refresh_tokens')
    .select('family_id')
    .where('token_hash', '=', hash)
    .executeTakeFirst()
}

/** Every refresh token of a user stops working (role change, later: disabling, password reset). */
export function revokeSessionsOf(db: Transaction<DB>, userId: number, at: Date) {
  return db
    .updateTable('refresh_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute()
}

/** Every personal API token of a user stops working for good (the account was disabled). */
export function revokeApiTokensOf(db: Transaction<DB>, userId: number, at: Date) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute()
}
