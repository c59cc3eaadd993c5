// build(t): the app on a fresh migrated database of its own (per test file or per test), torn down
// with the test. TEST_DATABASE_URL selects a PostgreSQL server; otherwise in-memory PGlite.
import type { Clock } from '../src/core/clock.ts'
import type { OutgoingHttpHeaders } from 'node:http'
import type { Test } from 'tap'
import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import pg from 'pg'
import { buildApp } from '../src/app.ts'
import { loadConfig, type AppConfig } from '../src/config.ts'
import { openDatabase, type Database } from '../src/db/engine.ts'
import { checkConsistency, driftCount } from '../src/modules/votes/consistency.ts'
import { Factories } from './factories.ts'
import { cloneServerTemplate, restorePglite, serverUrl } from './template.ts'

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!!'
export const serverBase = process.env.TEST_DATABASE_URL
export const engine = serverBase ? 'postgres' : 'pglite'

interface Tap {
  teardown(fn: () => unknown): void
}

/** Content limits far above what any test does, except those that set their own. */
export const UNLIMITED_CONTENT: Record<string, string> = {
  IDEA_RATE_LIMIT: '100000/min,1000000/day',
  COMMENT_RATE_LIMIT: '100000/min,1000000/day',
  VOTE_RATE_LIMIT: '100000/min,1000000/day',
  EDIT_RATE_LIMIT: '100000/min,1000000/day',
}

export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT: '10000',
    ...UNLIMITED_CONTENT,
    DATA_DIR: '/nonexistent-test-data-dir',
    ...env,
  })
}

/** A fresh database cloned from the migrated template, dropped at teardown. */
export async function testDatabase(t: Tap, poolSize = 10): Promise<Database> {
  if (!serverBase) {
    const database = await openDatabase({ kind: 'pglite-instance', pglite: await restorePglite() })
    t.teardown(() => database.close())
    return database
  }
  const url = await freshServerDatabase(t)
  // Generous timeouts: a test machine under load must not turn a slow checkout into a 503.
  const database = await openDatabase({
    kind: 'postgres',
    url,
    poolSize,
    statementTimeoutMs: 30_000,
    checkoutTimeoutMs: 30_000,
  })
  t.teardown(() => database.close())
  return database
}

/** On a server: the URL of a new database cloned from the template, dropped at teardown. */
export async function freshServerDatabase(t: Tap): Promise<string> {
  if (!serverBase) throw new Error('freshServerDatabase needs TEST_DATABASE_URL')
  const prefix = new URL(serverBase).pathname.slice(1) || 'tally_test'
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
  await cloneServerTemplate(serverBase, name)
  // Test databases need no durability: skipping the WAL flush per commit makes writes several
  // times faster on slow disks, and changes nothing a test can observe.
  await withServer((c) => c.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`))
  // WITH (FORCE): connections still open at that point are ended, whatever the teardown order.
  t.teardown(() => withServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)))
  return serverUrl(name, serverBase)
}

async function withServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverBase })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export interface BuildOptions {
  env?: Record<string, string>
  clock?: Clock
  /** Keep the app's log lines (JSON strings) in `logs`. */
  captureLogs?: boolean
  poolSize?: number
  /** Run before the app is ready, e.g. to add a test-only route. */
  beforeReady?: (app: FastifyInstance) => void
}

export async function build(t: Tap, options: BuildOptions = {}) {
  const config = testConfig(options.env)
  const database = await testDatabase(t, options.poolSize)
  const logs: string[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk))
      done()
    },
  })
  const app = await buildApp(config, {
    database,
    clock: options.clock,
    closeDatabase: false,
    logger: options.captureLogs ? { level: 'info', stream } : false,
  })
  options.beforeReady?.(app)
  await app.ready()
  t.teardown(() => app.close())
  const factories = new Factories(database.db, config)

  /** Injects a request as `user` (a factory user or a raw token), or anonymously with null. */
  function injectAs(
    user: { token: string } | null,
    request: InjectOptions,
  ): Promise<LightMyRequestResponse> {
    const headers: OutgoingHttpHeaders = { ...request.headers }
    if (user) headers.authorization = `Bearer ${user.token}`
    return app.inject({ ...request, headers })
  }

  /** Sets `user`'s votes on an idea through the API. */
  const vote = (user: { token: string }, ideaId: number, votes: number) =>
    injectAs(user, { method: 'PUT', url: `/api/v1/ideas/${ideaId}/vote`, payload: { votes } })

  /** Asserts that budgets and counters agree with the ballots (what `tally check` reports). */
  async function assertConsistent(t: Test) {
    const drift = await checkConsistency(database.db)
    t.equal(driftCount(drift), 0, `tally check: ${JSON.stringify(drift)}`)
  }

  return {
    app,
    db: database.db,
    database,
    config,
    factories,
    injectAs,
    vote,
    assertConsistent,
    logs,
  }
}

/** What a promise rejected with (tap's rejects() does not check classes). */
// Child processes (the real server, the CLI) run under tsx, as `npm start` does. tap records
// coverage in children too; mapped through a second transpiler (esbuild), it would be merged with
// the tests' own and mark lines the tests did run as missed. So children record none.
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...(process.env as Record<string, string>), _TAPJS_PROCESSINFO_COVERAGE_: '0', ...extra }
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (err) {
    return err
  }
  throw new Error('expected the promise to reject')
}
