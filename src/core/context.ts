// What every service function receives first, and what a unit of work hands to its body.
import type { Kysely, Transaction } from 'kysely'
import type { AppConfig } from '../config.ts'
import type { DB } from '../db/schema.ts'
import { systemClock, type Clock } from './clock.ts'
import type { IdempotencyClaim } from './idempotency-claim.ts'

export interface ServiceContext {
  /** The pool: for reads outside a unit of work only. */
  readonly db: Kysely<DB>
  readonly clock: Clock
  readonly config: AppConfig
  /** The request's Idempotency-Key, claimed by unitOfWork in the same transaction as the create. */
  readonly idempotency?: IdempotencyClaim
}

/**
 * A unit of work's context: the transaction is its only database handle, so code inside it cannot
 * send a query to the pool (repository functions that lock or write take `Transaction<DB>`).
 */
export interface UnitContext {
  readonly tx: Transaction<DB>
  readonly clock: Clock
  readonly config: AppConfig
  /** One instant for everything this unit writes. */
  readonly now: Date
}

/** A context outside a request (the CLI, start-up): the system clock unless one is given. */
export function contextFor(db: Kysely<DB>, config: AppConfig, clock: Clock = systemClock) {
  const ctx: ServiceContext = { db, clock, config }
  return ctx
}
