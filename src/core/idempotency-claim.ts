// The Idempotency-Key claim (plugins/idempotency.ts decides when a request carries one): inserted
// in the create's own transaction, so claim and object commit or vanish together.
import type { Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import { Conflict } from '../errors.ts'

export interface IdempotencyClaim {
  userId: number
  key: string
  hash: string
}

export async function claimIdempotencyKey(tx: Transaction<DB>, claim: IdempotencyClaim) {
  const claimed = await tx
    .insertInto('idempotency_keys')
    .values({ user_id: claim.userId, key: claim.key, request_hash: claim.hash })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst()
  if (!claimed) {
    throw new Conflict('A request with this Idempotency-Key is already being processed')
  }
}
