// The only caller of db.transaction(). A unit of work is one transaction: it claims the request's
// Idempotency-Key inside it, hands its body a context whose only handle is the transaction, and
// runs it again when PostgreSQL aborts it for a deadlock or a serialization failure (the locks
// are taken in one global order, but budget rows are shared across ideas, so a deadlock can still
// be detected between two of them; the loser is simply run again — never a 500).
import { insideTransaction } from '../db/pool-guard.ts'
import type { ServiceContext, UnitContext } from './context.ts'
import { isRetryable } from './db-errors.ts'
import { claimIdempotencyKey } from './idempotency-claim.ts'

export interface UnitOptions {
  /** Names the unit in the pool guard's message and in logs. */
  label?: string
  /** Runs in all (default 4): the first and the retries after a deadlock. */
  attempts?: number
}

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt))

export async function unitOfWork<T>(
  ctx: ServiceContext,
  work: (uow: UnitContext) => Promise<T>,
  options: UnitOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 4
  const label = options.label ?? work.name ?? 'unit of work'
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction().execute((tx) =>
        insideTransaction(label, async () => {
          if (ctx.idempotency) await claimIdempotencyKey(tx, ctx.idempotency)
          return work({ tx, clock: ctx.clock, config: ctx.config, now: ctx.clock.now() })
        }),
      )
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err
      // Jittered, growing pause so the two transactions that deadlocked do not meet again.
      await pause(attempt)
    }
  }
}

/**
 * One statement that is a whole unit of work by itself — the vote: a database function that
 * checks, spends and records in one round trip, so PostgreSQL runs it as its own transaction.
 * Like a unit of work, it is run again when aborted for a deadlock.
 */
export async function singleStatement<T>(
  ctx: ServiceContext,
  statement: (db: ServiceContext['db']) => Promise<T>,
  attempts = 4,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement(ctx.db)
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err
      await pause(attempt)
    }
  }
}
