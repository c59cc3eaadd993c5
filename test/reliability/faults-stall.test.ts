// Fault: a stalled database. Another session holds locks the requests need; statement_timeout
// (DATABASE_STATEMENT_TIMEOUT_MS) and the request deadline (REQUEST_DEADLINE_MS) each bound every
// request: the client gets 503 UNAVAILABLE within the bound, never a hang, and service resumes
// as soon as the lock is released.
import pg from 'pg'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.ts'
import { openDatabase } from '../../src/db/engine.ts'
import { Factories } from '../factories.ts'
import { freshServerDatabase, serverBase, testConfig } from '../helper.ts'

// Not a failure on the embedded engine, and said so in the output.
const skip = serverBase
  ? false
  : 'a lock held by another session needs a server PostgreSQL (TEST_DATABASE_URL); the embedded engine has one session'

async function stalledApp(t: Test, env: Record<string, string>, statementTimeoutMs: number) {
  const url = await freshServerDatabase(t)
  const config = testConfig(env)
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 5, statementTimeoutMs })
  const app = await buildApp(config, { database, logger: false })
  t.teardown(() => app.close())
  const factories = new Factories(database.db, config)
  const member = await factories.user('member')
  const forum = await factories.forum()
  const idea = await factories.idea(forum.id, member.id)
  // The stall: a transaction that holds every idea and budget row and never commits.
  const holder = new pg.Client({ connectionString: url })
  await holder.connect()
  t.teardown(() => holder.end())
  return { app, member, forum, idea, holder }
}

const timed = async <T>(fn: () => Promise<T>) => {
  const started = Date.now()
  const value = await fn()
  return { value, ms: Date.now() - started }
}

for (const bound of ['statement timeout', 'request deadline'] as const) {
  t.test(`a held lock: the ${bound} bounds every request`, { skip }, async (t) => {
    // One bound short, the other long, so the short one is the one observed.
    const statementMs = bound === 'statement timeout' ? 1000 : 30_000
    const deadlineMs = bound === 'statement timeout' ? 30_000 : 1500
    const limit = Math.min(statementMs, deadlineMs)
    const { app, member, forum, idea, holder } = await stalledApp(
      t,
      { REQUEST_DEADLINE_MS: String(deadlineMs) },
      statementMs,
    )
    await holder.query('BEGIN')
    await holder.query('LOCK TABLE ideas, budgets IN ACCESS EXCLUSIVE MODE')

    const auth = { authorization: `Bearer ${member.token}` }
    const requests = [
      () =>
        app.inject({
          method: 'PUT',
          url: `/api/v1/ideas/${idea.id}/vote`,
          headers: auth,
          payload: { votes: 1 },
        }),
      () => app.inject({ url: `/api/v1/ideas/${idea.id}` }),
      () => app.inject({ url: `/api/v1/forums/${forum.slug}/ideas` }),
      () =>
        app.inject({
          method: 'POST',
          url: `/api/v1/forums/${forum.slug}/ideas`,
          headers: auth,
          payload: { title: 'Stalled idea' },
        }),
    ]
    const results = await Promise.all(requests.map((r) => timed(r)))
    for (const { value, ms } of results) {
      t.equal(value.statusCode, 503, `${value.statusCode} after ${ms} ms`)
      t.equal(value.json().code, 'UNAVAILABLE')
      t.ok(ms < limit + 2500, `answered within the ${bound} (${limit} ms) plus slack: ${ms} ms`)
    }
    const health = await timed(() => app.inject('/health'))
    t.equal(health.value.statusCode, 200, 'liveness does not touch the database')
    // Readiness asks the server for `SELECT 1`, which no table lock blocks: the database answers.
    const ready = await timed(() => app.inject('/ready'))
    t.equal(ready.value.statusCode, 200, `/ready: the server itself answers (${ready.ms} ms)`)

    await holder.query('ROLLBACK')
    const after = await app.inject({
      method: 'PUT',
      url: `/api/v1/ideas/${idea.id}/vote`,
      headers: auth,
      payload: { votes: 1 },
    })
    t.equal(after.statusCode, 200, 'service resumes once the lock is gone')
    t.equal((await app.inject('/ready')).statusCode, 200)
  })
}
