// argon2id with the OWASP parameters (19 MiB, t=2, p=1): about 25 ms a hash here.
import { availableParallelism } from 'node:os'
import argon2 from 'argon2'
import { limitConcurrency } from './concurrency.ts'

const OPTIONS: argon2.HashOptions = {
  type: argon2.argon2id,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
}

// argon2 runs on libuv's thread pool (4 threads): under a burst of logins four hashes would take
// every core of a small machine and starve the event loop serving everything else. One core is
// left to the event loop; the other logins wait their turn.
const hashing = limitConcurrency(Math.max(1, availableParallelism() - 1))

export function hashPassword(password: string): Promise<string> {
  return hashing(() => argon2.hash(password, OPTIONS))
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await hashing(() => argon2.verify(hash, password))
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
