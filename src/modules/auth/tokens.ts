// Access tokens (JWT, HS256 pinned, iss/aud/exp checked) and opaque refresh tokens.
import type { Role } from '../../core/domain.ts'
import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto'
import jwt from 'jsonwebtoken'

export const ISSUER = 'tally'
export const AUDIENCE = 'tally-api'
const ALGORITHM = 'HS256'

export interface TokenKeys {
  secret: string
  /** Accepted for verification only, while clients still hold tokens signed with it. */
  previousSecret?: string
  ttlSeconds: number
}

// jsonwebtoken turns a string secret into a KeyObject on every call, after first trying (and
// failing, with a thrown error) to read it as a public key. Made once per secret instead, token
// verification stops being the largest cost of a small authenticated request.
const keyObjects = new Map<string, KeyObject>()
function keyOf(secret: string): KeyObject {
  let key = keyObjects.get(secret)
  if (!key) keyObjects.set(secret, (key = createSecretKey(Buffer.from(secret))))
  return key
}

/** Who a token names. `role` is informational for clients; decisions read the current role. */
export interface TokenSubject {
  id: number
  role?: Role
  sessionVersion?: number
  /** The refresh-token family (session) the token belongs to: ending that session ends it too. */
  sessionId?: string
}

export function signAccessToken(subject: TokenSubject, keys: TokenKeys): string {
  const claims = { role: subject.role, sv: subject.sessionVersion ?? 1, sid: subject.sessionId }
  return jwt.sign(claims, keyOf(keys.secret), {
    algorithm: ALGORITHM,
    subject: String(subject.id),
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: keys.ttlSeconds,
  })
}

/** The user and session version named by a valid token, or null for anything else (bad signature, alg, expiry…). */
export function verifyAccessToken(
  token: string,
  keys: TokenKeys,
): { id: number; sessionVersion: number; sessionId?: string } | null {
  for (const secret of [keys.secret, keys.previousSecret]) {
    if (!secret) continue
    try {
      const payload = jwt.verify(token, keyOf(secret), {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
      })
      if (typeof payload !== 'object') return null
      const id = Number(payload.sub)
      const sessionVersion = Number((payload as { sv?: unknown }).sv)
      if (!Number.isSafeInteger(id) || id <= 0 || !Number.isSafeInteger(sessionVersion)) return null
      const sid = (payload as { sid?: unknown }).sid
      return typeof sid === 'string'
        ? { id, sessionVersion, sessionId: sid }
        : { id, sessionVersion }
    } catch (err) {
      // Only a signature mismatch is worth retrying with the previous secret.
      if ((err as Error).message !== 'invalid signature') return null
    }
  }
  return null
}

/** 256 random bits; only its hash is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: hashRefreshToken(token) }
}

/** A personal API token: recognisable by its prefix (secret scanners know `tly_`), 256 random bits. */
export const API_TOKEN_PREFIX = 'tly_'
export function newApiToken(): { token: string; hash: string } {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url')
  return { token, hash: hashRefreshToken(token) }
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
