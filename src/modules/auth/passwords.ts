// argon2id with the OWASP parameters (19 MiB, t=2, p=1): about 25 ms a hash here.
import argon2 from 'argon2'

const OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS)
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

// Logging in with an unknown e-mail verifies against this hash, so the answer takes as long as
// for a known e-mail with a wrong password.
let dummyHash: Promise<string> | undefined
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('tally-dummy-password-for-timing')
  await verifyPassword(await dummyHash, password)
}
