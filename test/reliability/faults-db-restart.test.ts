// Fault: PostgreSQL restarts under load (a private cluster, never the shared server). While it is
// down, requests fail fast with 503 UNAVAILABLE instead of hanging and /ready turns 503; when it is
// back the service recovers by itself — no restart of the service.
import pg from 'pg'
import t from 'tap'
import { serverBase, TEST_JWT_SECRET } from '../helper.ts'
import { createPrivatePostgres } from './private-postgres.ts'
import { call, sleep, startServer } from './server-process.ts'

// Not a failure on the embedded engine, and said so in the output.
const skip = serverBase
  ? false
  : 'a restart of PostgreSQL needs a server (TEST_DATABASE_URL); the embedded engine lives and dies with the service (see faults-crash)'

const ADMIN = { email: 'admin@restart.test', password: 'restart-admin-password' }

const name = 'PostgreSQL restarts under load: fast 503s, /ready 503, recovery on its own'
t.test(name, { skip }, async (t) => {
  const postgres = createPrivatePostgres()
  t.teardown(() => postgres.destroy())
  const admin = new pg.Client({ connectionString: postgres.url('postgres') })
  await admin.connect()
  await admin.query('CREATE DATABASE tally')
  await admin.end()

  const server = await startServer({
    DATABASE_URL: postgres.url('tally'),
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DATABASE_STATEMENT_TIMEOUT_MS: '2000',
    REQUEST_DEADLINE_MS: '5000',
  })
  t.teardown(() => server.child.kill('SIGKILL'))
  const json = (token: string, body: unknown) => ({
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const login = await call(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  })
  t.equal(login.status, 200)
  const token = login.body.accessToken as string
  t.equal(
    (
      await call(`${server.url}/api/v1/forums`, {
        method: 'POST',
        ...json(token, { slug: 'xen', name: 'Xen' }),
      })
    ).status,
    201,
  )
  const idea = await call(`${server.url}/api/v1/forums/xen/ideas`, {
    method: 'POST',
    ...json(token, { title: 'Survive a restart' }),
  })
  t.equal(idea.status, 201)
  const ideaId = idea.body.id as number

  // The load: a few clients reading and voting in a loop, recording every answer.
  const seen: { status: number; code: unknown; ms: number; phase: string }[] = []
  let phase = 'up'
  let stop = false
  const hung: string[] = []
  const client = async (i: number) => {
    while (!stop) {
      const votes = i % 4
      const p = phase
      try {
        const res =
          i % 2 === 0
            ? await call(`${server.url}/api/v1/forums/xen/ideas`, { timeoutMs: 12_000 })
            : await call(`${server.url}/api/v1/ideas/${ideaId}/vote`, {
                method: 'PUT',
                ...json(token, { votes }),
                timeoutMs: 12_000,
              })
        seen.push({ status: res.status, code: res.body.code, ms: res.ms, phase: p })
      } catch (err) {
        hung.push(`${p}: ${(err as Error).message}`)
      }
      await sleep(20)
    }
  }
  const clients = [0, 1, 2, 3].map(client)
  await sleep(800)

  phase = 'down'
  postgres.stop('fast')
  await sleep(1500)
  const ready = await call(`${server.url}/ready`)
  t.equal(ready.status, 503, '/ready turns 503 while the database is down')
  t.equal(ready.body.code, 'UNAVAILABLE')
  const during = await call(`${server.url}/api/v1/ideas/${ideaId}`)
  t.equal(during.status, 503)
  t.equal(during.body.code, 'UNAVAILABLE')
  t.ok(during.ms < 4000, `a request fails fast: ${during.ms} ms`)
  await sleep(1500)

  phase = 'restarting'
  postgres.start()
  const back = Date.now()
  let recoveredMs = -1
  while (Date.now() - back < 20_000) {
    const r = await call(`${server.url}/ready`)
    if (r.status === 200) {
      recoveredMs = Date.now() - back
      break
    }
    await sleep(200)
  }
  t.ok(recoveredMs >= 0, `/ready is 200 again ${recoveredMs} ms after PostgreSQL is back`)
  phase = 'recovered'
  await sleep(1000)
  stop = true
  await Promise.all(clients)

  const count = (f: (s: (typeof seen)[number]) => boolean) => seen.filter(f).length
  t.comment(
    `answers: ${seen.length}; while down: ${count((s) => s.phase === 'down')} ` +
      `(${count((s) => s.phase === 'down' && s.status === 503)} × 503); ` +
      `slowest while down: ${Math.max(0, ...seen.filter((s) => s.phase === 'down').map((s) => s.ms))} ms`,
  )
  t.same(hung, [], 'no request hung past the client timeout')
  const bad = seen.filter((s) => s.status >= 500 && !(s.status === 503 && s.code === 'UNAVAILABLE'))
  t.same(bad, [], 'every 5xx is 503 UNAVAILABLE')
  t.ok(count((s) => s.phase === 'down' && s.status === 503) > 0, 'requests while down got 503')
  t.ok(
    seen.filter((s) => s.phase === 'down').every((s) => s.ms < 5000),
    'while down, every request was answered within 5 s',
  )
  const recovered = seen.filter((s) => s.phase === 'recovered')
  t.ok(recovered.length > 0 && recovered.every((s) => s.status < 500), 'after recovery, no 5xx')

  const vote = await call(`${server.url}/api/v1/ideas/${ideaId}/vote`, {
    method: 'PUT',
    ...json(token, { votes: 2 }),
  })
  t.equal(vote.status, 200, 'votes are taken again, without restarting the service')
  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0, 'and it still shuts down cleanly')
})
