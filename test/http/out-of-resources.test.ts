// A full disk, exhausted memory or connection slots on the database (PostgreSQL error class 53)
// and a full disk under the process (ENOSPC) are the service being unavailable, not a bug: 503
// UNAVAILABLE with Retry-After, and a log line that names the cause without the SQL.
import { sql } from 'kysely'
import t from 'tap'
import { build } from '../helper.ts'

// Real database errors of class 53, raised by the engine under test: the same objects a full
// disk produces (PGlite on a full tmpfs answers `53100 could not extend file …`).
const raising = (errcode: string) =>
  sql`DO $$ BEGIN RAISE EXCEPTION 'could not extend file "base/5/16938": No space left on device' USING ERRCODE = '${sql.raw(errcode)}'; END $$`

const { app, logs } = await build(t, {
  captureLogs: true,
  beforeReady: (app) => {
    app.get<{ Params: { errcode: string } }>('/raise/:errcode', async (request) => {
      await raising(request.params.errcode).execute(app.ctx.db)
      return { reached: true }
    })
    app.get('/enospc', async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
        errno: -28,
        syscall: 'write',
      })
    })
  },
})

const cases = [
  ['disk_full', '53100', 'disk'],
  ['insufficient_resources', '53000', 'resources'],
  ['out_of_memory', '53200', 'memory'],
  ['too_many_connections', '53300', 'connections'],
  ['configuration_limit_exceeded', '53400', 'resources'],
] as const

for (const [errcode, code, cause] of cases) {
  t.test(`${code} ${errcode} → 503 UNAVAILABLE`, async (t) => {
    logs.length = 0
    const res = await app.inject(`/raise/${errcode}`)
    t.equal(res.statusCode, 503)
    t.equal(res.json().code, 'UNAVAILABLE')
    t.ok(Number(res.headers['retry-after']) > 0, 'with Retry-After')
    t.notMatch(res.body, /extend file|No space/, 'the client learns nothing of the server')
    const line = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.err)
    t.match(line, { status: 503, err: { code }, resource: cause }, 'logged with its cause')
    t.notMatch(JSON.stringify(line), /RAISE|DO \$\$|ERRCODE/, 'and without the SQL')
  })
}

t.test('ENOSPC from the file system → 503 UNAVAILABLE', async (t) => {
  logs.length = 0
  const res = await app.inject('/enospc')
  t.equal(res.statusCode, 503)
  t.equal(res.json().code, 'UNAVAILABLE')
  t.ok(Number(res.headers['retry-after']) > 0)
  const line = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.err)
  t.match(line, { status: 503, err: { code: 'ENOSPC' }, resource: 'disk' })
})

t.test('the database still answers afterwards', async (t) => {
  t.equal((await app.inject('/ready')).statusCode, 200)
})
