// Inside a unit of work every query must use the transaction's own connection. A query sent to the
// pool from there would wait for a second connection, which the embedded engine (one connection)
// never has: the service hung until restarted. The type of a unit of work's context already keeps
// the pool out of reach; this guard makes a slip fail at once, on both engines, with a clear message.
import { AsyncLocalStorage } from 'node:async_hooks'

const scope = new AsyncLocalStorage<{ label: string }>()

export class PoolReachedFromTransaction extends Error {
  constructor(label: string) {
    super(
      `A query was sent to the connection pool from inside the unit of work "${label}"; use its transaction`,
    )
  }
}

/** Runs work as a transaction's body: any new pool checkout from it is refused. */
export const insideTransaction = <T>(label: string, work: () => Promise<T>): Promise<T> =>
  scope.run({ label }, work)

/** Throws when the caller is inside a transaction's body. */
export function assertOutsideTransaction(): void {
  const current = scope.getStore()
  if (current) throw new PoolReachedFromTransaction(current.label)
}

/** Work that is not part of the surrounding unit (e.g. a log line's own query) — used sparingly. */
export const outsideTransaction = <T>(work: () => Promise<T>): Promise<T> => scope.exit(work)
