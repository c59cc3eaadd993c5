// Engine selection: a real PostgreSQL server through `pg` when a URL is given, embedded PGlite
// otherwise. Both are driven through a pg.Pool, so Kysely, the migrator and every query run the
// same code and the same SQL on either engine.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { acquireDataDirLock } from './data-dir-lock.ts'
import { assertOutsideTransaction } from './pool-guard.ts'
import type { DB } from './schema.ts'

export type Engine = 'postgres' | 'pglite'

export interface Database {
  readonly db: Kysely<DB>
  readonly pool: pg.Pool
  readonly engine: Engine
  close(): Promise<void>
}

export type DatabaseTarget =
  | {
      kind: 'postgres'
      url: string
      poolSize: number
      statementTimeoutMs: number
      /** How long a query may wait for a free connection (default 3 s). */
      checkoutTimeoutMs?: number
    }
  /** dataDir `memory://` keeps everything in memory. */
  | { kind: 'pglite'; dataDir: string; checkoutTimeoutMs?: number }
  /** An already created instance (tests restore one from a migrated snapshot); closed with the database. */
  | { kind: 'pglite-instance'; pglite: PGlite; checkoutTimeoutMs?: number }

export const PGLITE_EXTENSIONS = { pg_trgm }

// pg returns int8 and numeric as strings to avoid precision loss; our counts and sums fit in a
// double, so parse them as numbers (per pool, not by mutating pg's global parsers).
const INT8_OID = 20
const NUMERIC_OID = 1700
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v)
    return pg.types.getTypeParser(oid, format)
  },
} as pg.CustomTypesConfig

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') return openPostgres(target)
  const checkoutTimeoutMs = target.checkoutTimeoutMs ?? EMBEDDED_CHECKOUT_TIMEOUT_MS
  if (target.kind === 'pglite-instance') {
    return wrapPglite(target.pglite, checkoutTimeoutMs, async () => {})
  }
  if (target.dataDir.startsWith('memory://')) {
    const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS })
    return wrapPglite(pglite, checkoutTimeoutMs, async () => {})
  }
  mkdirSync(target.dataDir, { recursive: true })
  // PGlite has no multi-process locking of its own: two processes on one directory corrupt it.
  const releaseLock = acquireDataDirLock(target.dataDir)
  try {
    const pglite = await PGlite.create(join(target.dataDir, 'pglite'), {
      extensions: PGLITE_EXTENSIONS,
    })
    return wrapPglite(pglite, checkoutTimeoutMs, async () => releaseLock())
  } catch (err) {
    releaseLock()
    throw err
  }
}

/**
 * The pool as Kysely sees it: a checkout from inside a unit of work's body is refused at once
 * (db/pool-guard.ts), so a transaction that reaches the pool fails loudly instead of waiting for
 * a connection it may never get.
 */
function guarded(pool: pg.Pool, engine: Engine) {
  return {
    connect: async () => {
      assertOutsideTransaction()
      try {
        return await pool.connect()
      } catch (err) {
        throw checkoutError(err, engine)
      }
    },
    end: () => pool.end(),
    // Kysely opens a control connection with these to cancel an aborted query.
    options: pool.options,
    Client: pg.Client,
  }
}

/** A checkout that timed out says why, in the log line the 503 it becomes is logged with. */
function checkoutError(err: unknown, engine: Engine): unknown {
  if (!(err instanceof Error) || !err.message.includes('timeout exceeded when trying to connect'))
    return err
  const why =
    engine === 'pglite'
      ? 'the embedded database has one connection and it stayed busy (a long or leaked transaction)'
      : 'every pooled connection stayed busy, or the server did not answer'
  return Object.assign(new Error(`${err.message}: ${why}`), { code: 'ETIMEDOUT' })
}

function openPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>): Database {
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize,
    types: typeParsers,
    // Fail fast when the server is unreachable instead of queueing requests behind a dead pool.
    connectionTimeoutMillis: target.checkoutTimeoutMs ?? 3000,
    idleTimeoutMillis: 30_000,
    statement_timeout: target.statementTimeoutMs,
    query_timeout: target.statementTimeoutMs + 1000,
    application_name: 'tally',
    // Every query here is a short OLTP statement: JIT compilation and parallel workers only add
    // start-up cost to them (and parallel workers compete with the service for the same cores).
    options: '-c jit=off -c max_parallel_workers_per_gather=0',
    // Idle connections do not keep the process alive (the HTTP server does, while it runs); a CLI
    // command or a test file exits as soon as its work is done.
    allowExitOnIdle: true,
  })
  // An idle client losing its connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => {})
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: guarded(pool, 'postgres') }) })
  return { db, pool, engine: 'postgres', close: () => db.destroy() }
}

// How long a query may wait for the embedded engine's one connection. Transactions there run one
// after another, so a busy moment queues requests for milliseconds; a checkout that leaked (held
// and never released) would queue them forever. Past this, the query fails (503) and says why.
const EMBEDDED_CHECKOUT_TIMEOUT_MS = 5000

function wrapPglite(
  pglite: PGlite,
  checkoutTimeoutMs: number,
  afterClose: () => Promise<void>,
): Database {
  // One connection: PGlite is a single session, so a pool of one serialises transactions.
  const pool = new pg.Pool({
    ...(createPgConfig(pglite) as unknown as pg.PoolConfig),
    max: 1,
    idleTimeoutMillis: 0,
    connectionTimeoutMillis: checkoutTimeoutMs,
    types: typeParsers,
  })
  pool.on('error', () => {})
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: guarded(pool, 'pglite') }) })
  return {
    db,
    pool,
    engine: 'pglite',
    async close() {
      await db.destroy()
      await pglite.close()
      await afterClose()
    },
  }
}
