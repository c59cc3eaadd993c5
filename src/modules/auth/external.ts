// Signing in through someone else: an OpenID Connect provider, GitHub or an embedding product
// (SSO). One rule for all (issue 12): a known identity signs its user in; otherwise a first
// sign-in creates the account, and an existing account with that e-mail is linked only when the
// provider asserts the address is verified — never by the address alone. Refusals are codes the
// web layer puts in `/?signin_error=<code>`; a refused sign-in leaves nothing behind.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { ServiceContext, UnitContext } from '../../core/context.ts'
import { isUniqueViolation } from '../../core/db-errors.ts'
import type { Role } from '../../core/domain.ts'
import { ROLE_RANK } from '../../core/roles.ts'
import type { SignInMethod } from '../../core/scopes.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import * as repo from './repository.ts'
import { issueSession } from './service.ts'

export type SignInErrorCode =
  | 'invalid_token'
  | 'replayed_token'
  | 'invalid_state'
  | 'provider_error'
  | 'email_not_verified'
  | 'email_missing'
  | 'domain_not_allowed'
  | 'account_disabled'
  | 'unknown_provider'

/** A sign-in refused for a reason the user may be shown (as a code, never as provider text). */
export class SignInRefused extends Error {
  constructor(readonly code: SignInErrorCode) {
    super(code)
  }
}

export interface ExternalProfile {
  /** 'github', 'sso' or an OIDC provider's configured id. */
  provider: string
  method: SignInMethod
  subject: string
  email: string | undefined
  emailVerified: boolean
  name: string | undefined
  /** A role the provider grants (OIDC roleClaim): raises a lower role, never lowers one. */
  role?: Role
}

/**
 * Signs the profile's user in, creating or linking the account as the rule allows. `within` runs
 * first in the same unit of work (the SSO token's single use is claimed there, so a refusal or a
 * failure leaves the token unspent and nothing created).
 */
export async function signInExternal(
  ctx: ServiceContext,
  profile: ExternalProfile,
  userAgent: string | undefined,
  within?: (uow: UnitContext) => Promise<void>,
) {
  return unitOfWork(
    ctx,
    async (uow) => {
      await within?.(uow)
      const user = await resolveUser(uow, profile)
      if (user.disabled_at) throw new SignInRefused('account_disabled')
      return issueSession(uow, user, randomUUID(), { method: profile.method, userAgent })
    },
    { label: 'signInExternal' },
  )
}

async function resolveUser(uow: UnitContext, profile: ExternalProfile) {
  const { tx, now } = uow
  const linked = await tx
    .selectFrom('identities')
    .select('user_id')
    .where('provider', '=', profile.provider)
    .where('subject', '=', profile.subject)
    .executeTakeFirst()
  if (linked) {
    const user = await repo.userById(tx, linked.user_id)
    if (!user) throw new SignInRefused('provider_error')
    return raiseRole(uow, user, profile.role)
  }
  if (!profile.email) throw new SignInRefused('email_missing')
  const existing = await repo.userByEmail(tx, profile.email)
  let user
  if (existing) {
    if (!profile.emailVerified) throw new SignInRefused('email_not_verified')
    user = await raiseRole(uow, existing, profile.role)
  } else {
    user = await repo.insertUser(tx, {
      email: profile.email.trim(),
      display_name: displayName(profile),
      password_hash: null,
      role: profile.role ?? 'member',
    })
  }
  try {
    await tx
      .insertInto('identities')
      .values({
        user_id: user.id,
        provider: profile.provider,
        subject: profile.subject,
        email: profile.email,
        created_at: now,
      })
      .execute()
  } catch (err) {
    // The account is already linked to another identity at this provider.
    if (isUniqueViolation(err)) throw new SignInRefused('provider_error')
    throw err
  }
  return user
}

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.userById>>>

async function raiseRole(uow: UnitContext, user: UserRow, role: Role | undefined) {
  if (!role || ROLE_RANK[role] <= ROLE_RANK[user.role]) return user
  const raised = await uow.tx
    .updateTable('users')
    .set({ role, session_version: sql<number>`session_version + 1`, updated_at: uow.now })
    .where('id', '=', user.id)
    .returning(repo.userColumns)
    .executeTakeFirstOrThrow()
  return raised
}

function displayName(profile: ExternalProfile): string {
  const name = profile.name?.trim().slice(0, 80)
  if (name && /\S/.test(name)) return name
  return (profile.email ?? 'user').split('@')[0]!.slice(0, 80) || 'user'
}

/** Is the address in one of the allowed domains (exactly, not a suffix of some other name)? */
export function inAllowedDomains(email: string, domains: readonly string[] | undefined): boolean {
  if (!domains || domains.length === 0) return true
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase()
  return domains.some((d) => d.toLowerCase() === domain)
}
