// Accounts and sessions: register, login, refresh-token rotation with reuse detection, logout.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB, Role } from '../../db/schema.ts'
import { EmailTaken, InvalidCredentials, InvalidRefreshToken, NotFound } from '../../errors.ts'
import { signedIn } from '../access.ts'
import type { ServiceContext } from '../../plugins/database.ts'
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.ts'
import * as repo from './repository.ts'
import { newRefreshToken, hashRefreshToken, signAccessToken, type Actor } from './tokens.ts'

type UserRow = Awaited<ReturnType<typeof repo.userById>> & {}

export const userRowToUser = (row: UserRow) => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  role: row.role,
})

export const userRowToMe = (row: UserRow) => ({
  ...userRowToUser(row),
  createdAt: row.created_at.toISOString(),
})

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string }
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint)
}

export async function createUser(
  db: Kysely<DB>,
  input: { email: string; password: string; displayName: string; role?: Role },
): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password)
  try {
    return await repo.insertUser(db, {
      email: input.email.trim(),
      display_name: input.displayName.trim(),
      password_hash: passwordHash,
      role: input.role ?? 'member',
    })
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_lower_key')) {
      throw new EmailTaken('An account with this e-mail already exists')
    }
    throw err
  }
}

export async function register(
  ctx: ServiceContext,
  input: { email: string; password: string; displayName: string },
) {
  const user = await createUser(ctx.db, input)
  return issueSession(ctx, ctx.db, user, randomUUID())
}

export async function login(ctx: ServiceContext, input: { email: string; password: string }) {
  const row = await repo.credentialsByEmail(ctx.db, input.email.trim())
  if (!row) {
    await burnPasswordCheck(input.password)
    throw new InvalidCredentials('E-mail or password is wrong')
  }
  if (!(await verifyPassword(row.password_hash, input.password))) {
    throw new InvalidCredentials('E-mail or password is wrong')
  }
  return issueSession(ctx, ctx.db, row, randomUUID())
}

async function issueSession(ctx: ServiceContext, db: Kysely<DB>, user: UserRow, familyId: string) {
  const { auth } = ctx.config
  const refresh = newRefreshToken()
  const expiresAt = new Date(ctx.clock.now().getTime() + auth.refreshTokenTtlDays * 86_400_000)
  await repo.insertRefreshToken(db, { userId: user.id, familyId, hash: refresh.hash, expiresAt })
  const actor: Actor = { id: user.id, role: user.role }
  return {
    user: userRowToUser(user),
    accessToken: signAccessToken(actor, {
      secret: auth.jwtSecret,
      ttlSeconds: auth.accessTokenTtlSeconds,
    }),
    refreshToken: refresh.token,
    expiresIn: auth.accessTokenTtlSeconds,
  }
}

/**
 * Rotates a refresh token. Presenting one that was already used means it leaked (or a client
 * raced itself): the whole login is revoked, and that revocation must commit before we answer 401.
 */
export async function refresh(ctx: ServiceContext, token: string) {
  const now = ctx.clock.now()
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const row = await repo.refreshTokenForUpdate(tx, hashRefreshToken(token))
    if (!row || row.revoked_at || row.expires_at <= now) return { ok: false as const }
    if (row.used_at) {
      await repo.revokeFamily(tx, row.family_id, now)
      return { ok: false as const }
    }
    const user = await repo.userById(tx, row.user_id)
    if (!user) return { ok: false as const }
    await repo.markRefreshTokenUsed(tx, row.id, now)
    return { ok: true as const, session: await issueSession(ctx, tx, user, row.family_id) }
  })
  if (!outcome.ok) throw new InvalidRefreshToken('The refresh token is not valid; sign in again')
  return outcome.session
}

/** Ends the login the token belongs to. Unknown tokens are ignored: logging out is idempotent. */
export async function logout(ctx: ServiceContext, token: string): Promise<void> {
  const row = await repo.familyOfToken(ctx.db, hashRefreshToken(token))
  if (row) await repo.revokeFamily(ctx.db, row.family_id, ctx.clock.now())
}

export async function me(ctx: ServiceContext, actor: Actor | null) {
  const row = await repo.userById(ctx.db, signedIn(actor).id)
  if (!row) throw new NotFound('This account no longer exists')
  return userRowToMe(row)
}
