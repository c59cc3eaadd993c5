// Access tokens (JWT, HS256 pinned, iss/aud/exp checked) and opaque refresh tokens.
import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto'
import jwt from 'jsonwebtoken'
import type { Role } from '../../db/schema.ts'

export const ISSUER = 'tally'
export const AUDIENCE = 'tally-api'
const ALGORITHM = 'HS256'

export interface Actor {
  id: number
  role: Role
}

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

export function signAccessToken(actor: Actor, keys: TokenKeys): string {
  return jwt.sign({ role: actor.role }, keyOf(keys.secret), {
    algorithm: ALGORITHM,
    subject: String(actor.id),
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: keys.ttlSeconds,
  })
}

const ROLES: readonly Role[] = ['member', 'developer', 'coordinator', 'admin']

/** The actor named by a valid token, or null for anything else (bad signature, alg, expiry…). */
export function verifyAccessToken(token: string, keys: TokenKeys): Actor | null {
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
      const role = payload.role as Role
      if (!Number.isSafeInteger(id) || id <= 0 || !ROLES.includes(role)) return null
      return { id, role }
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

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
