// Accounts and sessions: register, login, refresh-token rotation with reuse detection, logout.
import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import { signedIn } from '../../core/access.ts'
import type { ServiceContext, UnitContext } from '../../core/context.ts'
import { isUniqueViolation } from '../../core/db-errors.ts'
import type { Role } from '../../core/domain.ts'
import type { SignInMethod } from '../../core/scopes.ts'
import type { Actor } from '../../core/roles.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import type { DB } from '../../db/schema.ts'
import { EmailTaken, InvalidCredentials, InvalidRefreshToken, NotFound } from '../../errors.ts'
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.ts'
import * as repo from './repository.ts'
import { newRefreshToken, hashRefreshToken, signAccessToken } from './tokens.ts'

type UserRow = Awaited<ReturnType<typeof repo.userById>> & {}

export const userRowToUser = (row: UserRow) => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  role: row.role,
})

export const userRowToMe = (row: UserRow) => ({
  ...userRowToUser(row),
  disabled: row.disabled_at !== null,
  createdAt: row.created_at.toISOString(),
})

type NewAccount = { email: string; password: string; displayName: string; role?: Role }

/** Creates an account (hashing outside the transaction: it takes tens of milliseconds). */
export async function createUser(ctx: ServiceContext, input: NewAccount): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password)
  return unitOfWork(ctx, ({ tx }) => insertAccount(tx, input, passwordHash), {
    label: 'createUser',
  })
}

async function insertAccount(
  tx: Transaction<DB>,
  input: NewAccount,
  passwordHash: string,
): Promise<UserRow> {
  try {
    return await repo.insertUser(tx, {
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

/** How a new session began, shown in the user's list of sessions. */
export interface SessionOrigin {
  method: SignInMethod
  userAgent?: string
}
const PASSWORD: SessionOrigin = { method: 'password' }

export async function register(
  ctx: ServiceContext,
  input: { email: string; password: string; displayName: string },
  origin: SessionOrigin = PASSWORD,
) {
  const passwordHash = await hashPassword(input.password)
  return unitOfWork(
    ctx,
    async (uow) =>
      issueSession(uow, await insertAccount(uow.tx, input, passwordHash), randomUUID(), origin),
    { label: 'register' },
  )
}

export async function login(
  ctx: ServiceContext,
  input: { email: string; password: string },
  origin: SessionOrigin = PASSWORD,
) {
  const row = await repo.credentialsByEmail(ctx.db, input.email.trim())
  // No password (imported and unclaimed, or provider-only): answers like an unknown e-mail.
  if (!row?.password_hash) {
    await burnPasswordCheck(input.password)
    throw new InvalidCredentials('E-mail or password is wrong')
  }
  // Checked after the password, so a disabled account answers exactly as a wrong password does.
  if (!(await verifyPassword(row.password_hash, input.password)) || row.disabled_at) {
    throw new InvalidCredentials('E-mail or password is wrong')
  }
  return unitOfWork(ctx, (uow) => issueSession(uow, row, randomUUID(), origin), { label: 'login' })
}

/** A new session's tokens; `origin` is recorded on a family's first token only. */
export async function issueSession(
  uow: UnitContext,
  user: UserRow,
  familyId: string,
  origin?: SessionOrigin,
) {
  const { auth } = uow.config
  const refresh = newRefreshToken()
  const expiresAt = new Date(uow.now.getTime() + auth.refreshTokenTtlDays * 86_400_000)
  await repo.insertRefreshToken(uow.tx, {
    userId: user.id,
    familyId,
    hash: refresh.hash,
    expiresAt,
    method: origin?.method,
    userAgent: origin?.userAgent?.slice(0, 400),
  })
  const subject = {
    id: user.id,
    role: user.role,
    sessionVersion: user.session_version,
    sessionId: familyId,
  }
  return {
    user: userRowToUser(user),
    accessToken: signAccessToken(subject, {
      secret: auth.jwtSecret,
      ttlSeconds: auth.accessTokenTtlSeconds,
    }),
    refreshToken: refresh.token,
    expiresIn: auth.accessTokenTtlSeconds,
  }
}

/**
 * Rotates a refresh token. Presenting one that was already used means it leaked: the whole login
 * is revoked, and that revocation must commit before we answer 401 — unless it was rotated less
 * than `refreshReuseGraceSeconds` ago, which is two tabs (or a retried request) refreshing at
 * once: that answers another pair of the same login. The grace runs from the first rotation, so
 * presenting the token again does not extend it.
 */
export async function refresh(ctx: ServiceContext, token: string) {
  const outcome = await unitOfWork(ctx, async (uow) => {
    const { tx, now } = uow
    const row = await repo.refreshTokenForUpdate(tx, hashRefreshToken(token))
    if (!row || row.revoked_at || row.expires_at <= now) return { ok: false as const }
    if (row.used_at && !withinReuseGrace(ctx, row.used_at, now)) {
      await repo.revokeFamily(tx, row.family_id, now)
      return { ok: false as const }
    }
    const user = await repo.userById(tx, row.user_id)
    if (!user || user.disabled_at) return { ok: false as const }
    if (!row.used_at) await repo.markRefreshTokenUsed(tx, row.id, now)
    return { ok: true as const, session: await issueSession(uow, user, row.family_id) }
  })
  if (!outcome.ok) throw new InvalidRefreshToken('The refresh token is not valid; sign in again')
  return outcome.session
}

const withinReuseGrace = (ctx: ServiceContext, usedAt: Date, now: Date) =>
  now.getTime() - usedAt.getTime() <= ctx.config.auth.refreshReuseGraceSeconds * 1000

/** Ends the login the token belongs to. Unknown tokens are ignored: logging out is idempotent. */
export async function logout(ctx: ServiceContext, token: string): Promise<void> {
  await unitOfWork(
    ctx,
    async ({ tx, now }) => {
      const row = await repo.familyOfToken(tx, hashRefreshToken(token))
      if (row) await repo.revokeFamily(tx, row.family_id, now)
    },
    { label: 'logout' },
  )
}

export async function me(ctx: ServiceContext, actor: Actor | null) {
  const row = await repo.userById(ctx.db, signedIn(actor).id)
  if (!row) throw new NotFound('This account no longer exists')
  return userRowToMe(row)
}
