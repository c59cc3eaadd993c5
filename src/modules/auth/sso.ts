// Signed single sign-on for products that embed the board: the product signs a short-lived HS256
// JWT with SSO_SECRET and sends the user to /sso?token=…. Strict by construction: one algorithm,
// one audience, an expiry at most five minutes ahead, iat not in the future, and each jti once.
import { createSecretKey } from 'node:crypto'
import jwt from 'jsonwebtoken'
import type { ServiceContext } from '../../core/context.ts'
import { isUniqueViolation } from '../../core/db-errors.ts'
import { SignInRefused, signInExternal } from './external.ts'

export const SSO_AUDIENCE = 'tally-sso'
const MAX_LIFETIME_S = 5 * 60
/** Clocks of two machines disagree a little; a token "issued" further ahead is refused. */
const CLOCK_SKEW_S = 30

interface SsoClaims {
  jti: string
  exp: number
  email: string
  name: string
  externalId: string
}

export function verifySsoToken(token: string, secret: string, now: Date): SsoClaims {
  const nowS = Math.floor(now.getTime() / 1000)
  let payload: unknown
  try {
    payload = jwt.verify(token, createSecretKey(Buffer.from(secret)), {
      algorithms: ['HS256'],
      audience: SSO_AUDIENCE,
      clockTimestamp: nowS,
    })
  } catch {
    throw new SignInRefused('invalid_token')
  }
  const claims = payload as Partial<Record<keyof SsoClaims | 'iat', unknown>>
  const { jti, exp, email, name, externalId, iat } = claims
  if (
    typeof jti !== 'string' ||
    jti.length === 0 ||
    jti.length > 200 ||
    typeof exp !== 'number' ||
    exp > nowS + MAX_LIFETIME_S ||
    (typeof iat === 'number' && iat > nowS + CLOCK_SKEW_S) ||
    typeof email !== 'string' ||
    !/^[^@\s]+@[^@\s]+$/.test(email) ||
    email.length > 254 ||
    typeof externalId !== 'string' ||
    externalId.length === 0 ||
    externalId.length > 255 ||
    (name !== undefined && typeof name !== 'string')
  ) {
    throw new SignInRefused('invalid_token')
  }
  return { jti, exp, email, name: (name as string | undefined) ?? '', externalId }
}

/** Verifies the token and signs its user in; the jti is spent in the same unit of work. */
export async function ssoSignIn(ctx: ServiceContext, token: string, userAgent?: string) {
  const secret = ctx.config.signIn.ssoSecret
  if (!secret) throw new SignInRefused('unknown_provider')
  const claims = verifySsoToken(token, secret, ctx.clock.now())
  return signInExternal(
    ctx,
    {
      provider: 'sso',
      method: 'sso',
      subject: claims.externalId,
      email: claims.email,
      // The product vouches for the address with its signature: it is the product's account.
      emailVerified: true,
      name: claims.name,
    },
    userAgent,
    async ({ tx, now }) => {
      try {
        await tx
          .insertInto('sso_token_uses')
          .values({ jti: claims.jti, expires_at: new Date(claims.exp * 1000), used_at: now })
          .execute()
      } catch (err) {
        if (isUniqueViolation(err)) throw new SignInRefused('replayed_token')
        throw err
      }
      // Spent ids are kept until their token would have expired anyway.
      await tx.deleteFrom('sso_token_uses').where('expires_at', '<', now).execute()
    },
  )
}
