// Fault: `kill -9` of the service in the middle of a vote storm, then a restart, on either engine
// (a server PostgreSQL, or the embedded one in DATA_DIR). Every vote a client saw acknowledged
// (200) is in the database, budgets and counters agree with the ballots (`tally check`, the
// command itself), and no budget is exceeded.
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Kysely } from 'kysely'
import t, { type Test } from 'tap'
import type { DB } from '../../src/db/schema.ts'
import { openDatabase } from '../../src/db/engine.ts'
import { checkConsistency, driftCount } from '../../src/modules/votes/consistency.ts'
import { openMigratedDatabase } from '../../src/startup.ts'
import { Factories, type TestUser } from '../factories.ts'
import {
  childEnv,
  engine,
  freshServerDatabase,
  serverBase,
  TEST_JWT_SECRET,
  testConfig,
} from '../helper.ts'
import { call, sleep, startServer } from './server-process.ts'

const USERS = 12
const IDEAS = 6
const silent = { info: () => {}, warn: () => {} }

/**
 * Where the service keeps its data, and a way to look at it. The embedded engine admits one
 * process at a time, so there the test opens the data directory only while no server runs (and
 * right after the kill, it takes over the lock the killed server left behind).
 */
async function target(t: Test) {
  if (serverBase) {
    const url = await freshServerDatabase(t)
    const database = await openDatabase({
      kind: 'postgres',
      url,
      poolSize: 2,
      statementTimeoutMs: 30_000,
    })
    t.teardown(() => database.close())
    return {
      env: { DATABASE_URL: url, DATABASE_POOL_SIZE: '8' },
      inspect: <T>(fn: (db: Kysely<DB>) => Promise<T>) => fn(database.db),
    }
  }
  const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'tally-crash-')) }
  const config = testConfig(env)
  return {
    env,
    async inspect<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
      const database = await openMigratedDatabase(config, silent)
      try {
        return await fn(database.db)
      } finally {
        await database.close()
      }
    },
  }
}

t.test(`${engine}: kill -9 during a vote storm loses no acknowledged vote`, async (t) => {
  const { env: where, inspect } = await target(t)
  const { forum, ideas, users } = await inspect(async (db) => {
    const factories = new Factories(db, testConfig())
    const forum = await factories.forum({ voteBudget: 10, maxVotesPerIdea: 3 })
    const author = await factories.user('member')
    const ideas = []
    for (let i = 0; i < IDEAS; i++) ideas.push(await factories.idea(forum.id, author.id))
    const users: TestUser[] = []
    for (let i = 0; i < USERS; i++) users.push(await factories.user('member'))
    return { forum, ideas, users }
  })

  const env = { ...where, JWT_SECRET: TEST_JWT_SECRET }
  const server = await startServer(env)
  t.teardown(() => server.child.kill('SIGKILL'))

  // Each user votes one request at a time, so the last acknowledged value per idea is what the
  // database must hold — unless the request in flight at the kill committed without an answer.
  const acked = new Map<string, number>()
  const inFlight = new Map<number, { ideaId: number; votes: number }>()
  let acknowledged = 0
  let refused = 0
  let failed = 0
  let stop = false
  let seed = 4_3_2013
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff
    return (seed >>> 8) % n
  }
  const storm = users.map(async (user) => {
    while (!stop) {
      const ideaId = ideas[random(IDEAS)]!.id
      const votes = random(4)
      inFlight.set(user.id, { ideaId, votes })
      try {
        const res = await call(`${server.url}/api/v1/ideas/${ideaId}/vote`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ votes }),
        })
        if (res.status === 200) {
          acked.set(`${user.id}:${ideaId}`, res.body.votes as number)
          acknowledged++
        } else refused++
        inFlight.delete(user.id)
      } catch {
        failed++
        return // the server is gone; what was in flight stays in inFlight
      }
    }
  })
  // Meanwhile, members suggest ideas with an Idempotency-Key each, one at a time.
  const createdByKey = new Map<string, number>()
  const sentKeys: { user: TestUser; key: string; title: string }[] = []
  const creators = users.slice(0, 3).map(async (user, c) => {
    for (let n = 0; !stop; n++) {
      const key = `crash-${c}-${n}`
      const title = `Idea ${key}`
      sentKeys.push({ user, key, title })
      try {
        const res = await call(`${server.url}/api/v1/forums/${forum.slug}/ideas`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${user.token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify({ title }),
        })
        if (res.status === 201) createdByKey.set(key, res.body.id as number)
      } catch {
        return
      }
    }
  })
  // The kill comes once the storm has had a second and 150 acknowledged votes (or 10 s at most):
  // the embedded engine is slower, and a loaded machine slower still.
  const stormStarted = Date.now()
  await sleep(1000)
  while (acknowledged < 150 && Date.now() - stormStarted < 10_000) await sleep(50)
  server.child.kill('SIGKILL')
  t.equal(await server.exited, null, 'killed by a signal')
  stop = true
  await Promise.all([...storm, ...creators])
  t.comment(
    `before the kill: ${acknowledged} votes acknowledged, ${refused} refused (409), ${failed} cut off`,
  )
  t.ok(acknowledged > 50, 'the storm was a storm')

  // Looked at before the restart: on the embedded engine this opens the data directory the
  // killed server left locked, so the stale lock must be taken over, and the database recover.
  const { ballots, drift, over } = await inspect(async (db) => ({
    ballots: await db
      .selectFrom('ballots')
      .select(['user_id', 'idea_id', 'votes'])
      .where('forum_id', '=', forum.id)
      .execute(),
    drift: await checkConsistency(db),
    over: await db
      .selectFrom('budgets')
      .innerJoin('forums', 'forums.id', 'budgets.forum_id')
      .select(['budgets.user_id', 'budgets.spent', 'forums.vote_budget'])
      .whereRef('budgets.spent', '>', 'forums.vote_budget')
      .execute(),
  }))
  const stored = new Map(ballots.map((b) => [`${b.user_id}:${b.idea_id}`, b.votes]))
  let lost = 0
  for (const [key, votes] of acked) {
    const [userId, ideaId] = key.split(':').map(Number) as [number, number]
    const pending = inFlight.get(userId)
    const now = stored.get(key) ?? 0
    const allowed = [votes]
    if (pending && pending.ideaId === ideaId) allowed.push(pending.votes)
    if (!allowed.includes(now)) {
      lost++
      t.fail(`user ${userId} idea ${ideaId}: acknowledged ${votes}, database has ${now}`)
    }
  }
  t.equal(lost, 0, `all ${acked.size} acknowledged ballots are in the database`)
  // A ballot nobody saw acknowledged may only come from a request in flight at the kill.
  for (const b of ballots) {
    const key = `${b.user_id}:${b.idea_id}`
    if (acked.has(key) || b.votes === 0) continue
    const pending = inFlight.get(b.user_id)
    t.ok(pending?.ideaId === b.idea_id, `ballot ${key} (${b.votes}) was in flight at the kill`)
  }
  t.equal(driftCount(drift), 0, `budgets and counters after the crash: ${JSON.stringify(drift)}`)
  t.same(over, [], 'no budget exceeded')

  // The operator's own check, as a separate process on the same data.
  const check = await tallyCheck(env)
  t.equal(check.code, 0, `npm run tally -- check: ${check.out}`)
  t.match(check.out, /0 budgets and 0 idea counters drifted/)

  const restarted = await startServer(env)
  t.teardown(() => restarted.child.kill('SIGKILL'))
  t.equal((await call(`${restarted.url}/ready`)).status, 200, 'ready after the restart')

  // Every create is retried with its key after the restart: acknowledged ones replay the same
  // idea; one cut off by the kill creates now, or (if it had committed) is refused; none twice.
  let replayed = 0
  const cutOff: { key: string; title: string; status: number }[] = []
  for (const { user, key, title } of sentKeys) {
    const retry = await call(`${restarted.url}/api/v1/forums/${forum.slug}/ideas`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${user.token}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify({ title }),
    })
    const first = createdByKey.get(key)
    if (first === undefined) cutOff.push({ key, title, status: retry.status })
    else if (retry.status === 201 && retry.body.id === first) replayed++
    else t.fail(`${key}: acknowledged as idea ${first}, retry gave ${retry.status}`)
  }
  t.equal(replayed, createdByKey.size, `${replayed} acknowledged creates replayed after the crash`)

  const after = await call(`${restarted.url}/api/v1/ideas/${ideas[0]!.id}/vote`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${users[0]!.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ votes: 0 }),
  })
  t.equal(after.status, 200, 'votes are taken after the restart')
  restarted.child.kill('SIGTERM')
  t.equal(await restarted.exited, 0)

  const titles = await inspect((db) =>
    db
      .selectFrom('ideas')
      .select(({ fn }) => ['title', fn.countAll<number>().as('n')])
      .where('forum_id', '=', forum.id)
      .where('title', 'like', 'Idea crash-%')
      .groupBy('title')
      .execute(),
  )
  const countOf = new Map(titles.map((r) => [r.title, Number(r.n)]))
  // 201: the claim died with the uncommitted create, so the retry created it. 409: the claim
  // committed with the create and only the answer was lost: the idea must exist.
  for (const { key, title, status } of cutOff) {
    t.ok(
      (status === 201 || status === 409) && countOf.get(title) === 1,
      `${key} was cut off: retry → ${status}; the idea exists once`,
    )
  }
  t.same(
    titles.filter((r) => Number(r.n) > 1),
    [],
    'no idea was created twice',
  )
})

const run = promisify(execFile)
function tallyCheck(env: Record<string, string>): Promise<{ code: number; out: string }> {
  return run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'check'], {
    env: childEnv({ NODE_ENV: 'production', ...env }),
    timeout: 120_000,
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      out: e.stdout + e.stderr,
    }),
  )
}
