// `npm run bench [-- --quick] [-- --seconds N]`: seed, check, then drive the built service
// (production mode, one process) and the baselines with autocannon, and report. See README
// "Performance". Exits 1 if any request errored (5xx or connection error).
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import pg from 'pg'
import { API_PREFIX } from '../src/app.ts'
import { migrate } from '../src/db/migrator.ts'
import { signAccessToken } from '../src/modules/auth/tokens.ts'
import { benchDatabase, type BenchDatabase } from './database.ts'
import { load, type LoadResult } from './load.ts'
import { pgbenchVote } from './pgbench.ts'
import { startChild, type Child } from './processes.ts'
import { table, withRatios, writeResults, type Results, type ScenarioResult } from './report.ts'
import { bareScenarios, scenarios, type Generator, type ScenarioContext } from './scenarios.ts'
import { forumSlug, FULL, QUICK, seed } from './seed.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CONNECTIONS = 50
/** The service's pool (its default DATABASE_POOL_SIZE); pgbench gets as many connections. */
const POOL_SIZE = 10
const LOGIN_ALONGSIDE_CONNECTIONS = 10

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, seconds: { type: 'string' } },
})
const quick = args.quick ?? false
const seconds = Number(args.seconds ?? (quick ? 3 : 10))
const warmupSeconds = quick ? 1 : 2

const children = new Set<Child>()
let database: BenchDatabase | undefined

async function cleanUp() {
  for (const child of children) await child.stop().catch(() => {})
  children.clear()
  await database?.drop().catch((err: Error) => console.error(`bench: drop failed: ${err.message}`))
}

process.once('SIGINT', () => {
  console.error('bench: interrupted, cleaning up')
  void cleanUp().finally(() => process.exit(130))
})

async function main(): Promise<number> {
  if (!existsSync(`${ROOT}/dist/server.js`)) throw new Error('run `npm run build` first')
  database = await benchDatabase()
  const url = database.url
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  try {
    await migrate(pool)
    const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM ideas')
    if (Number(rows[0]!.n) > 0) throw new Error('the bench database must be empty')
    const size = quick ? QUICK : FULL
    console.error(`bench: seeding ${database.throwaway ? 'a throwaway database' : url}`)
    const seeded = await seed(pool, size)
    console.error(
      `bench: seeded ${seeded.ideas} ideas, ${seeded.ballots} ballots, ${seeded.comments} comments in ${seeded.seconds.toFixed(1)} s`,
    )
    const check = await promisify(execFile)(process.execPath, [`${ROOT}/dist/cli.js`, 'check'], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    })
    console.error(`bench: tally check: ${check.stdout.trim()}`)
    const postgres = (
      await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")
    ).rows[0]!.v

    const secret = randomBytes(48).toString('base64url')
    const keys = { secret, ttlSeconds: 3600 }
    const tokens = new Map<number, string>()
    const tokenOf = (id: number, role: 'member' | 'coordinator') => {
      let token = tokens.get(id)
      if (!token) tokens.set(id, (token = signAccessToken({ id, role }, keys)))
      return token
    }

    const service = await startChild({
      name: 'service',
      args: [`${ROOT}/dist/server.js`],
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: url,
        DATABASE_POOL_SIZE: String(POOL_SIZE),
        JWT_SECRET: secret,
        // The login scenario signs in thousands of times a minute from one address.
        AUTH_RATE_LIMIT: '100000000',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        // As the Dockerfile runs it (see the note there): without it, argon2's per-thread malloc
        // arenas keep ~90 MB more resident after the login scenarios.
        MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
      },
      port: 3917,
      readyPath: '/ready',
      probe: true,
    })
    children.add(service)

    const ctx: ScenarioContext = {
      forums: seeded.forums,
      users: seeded.users,
      ideas: seeded.ideas,
      memberToken: (id) => tokenOf(id, 'member'),
      developerToken: tokenOf(1, 'coordinator'),
      deepCursors: await deepCursors(service.url, seeded.forums, quick ? 10 : 50),
    }
    const results: ScenarioResult[] = []
    const run = async (
      name: string,
      child: Child,
      generator: Generator,
      extra: Partial<ScenarioResult> = {},
      alongside?: Generator,
    ) => {
      process.stderr.write(`bench: ${name} …`)
      // Requests cut off at the end of the previous scenario may still be running in the
      // database (a slow triage page holds a connection for a second): let them finish first.
      await settle(pool)
      await load({
        url: child.url,
        connections: CONNECTIONS,
        seconds: warmupSeconds,
        next: generator,
      })
      child.resetEventLoop()
      child.takeRssPeakMb()
      const [result, other] = await Promise.all([
        load({ url: child.url, connections: CONNECTIONS, seconds, next: generator }),
        alongside
          ? load({
              url: child.url,
              connections: LOGIN_ALONGSIDE_CONNECTIONS,
              seconds,
              next: alongside,
            })
          : undefined,
      ])
      const loop = await child.eventLoop()
      const entry: ScenarioResult = {
        name,
        ...result,
        ...extra,
        ...(loop ? { eventLoopP99Ms: round(loop.p99Ms) } : {}),
        rssPeakMb: Math.round(child.takeRssPeakMb()),
        ...(other ? { note: alongsideNote(other) } : {}),
        ...(result.requests === 0 ? { note: 'no request completed within the duration' } : {}),
      }
      process.stderr.write(` ${result.rps} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms\n`)
      results.push(entry)
    }

    for (const name of ['list-top', 'list-deep', 'trending', 'search', 'triage', 'report']) {
      await run(
        name,
        service,
        scenarios[name]!(ctx),
        name === 'list-top' ? { baseline: 'bare-list-top' } : {},
      )
    }
    await run('login', service, scenarios.login!(ctx))
    await run(
      'list-top+login',
      service,
      scenarios['list-top']!(ctx),
      { baseline: 'bare-list-top' },
      scenarios.login!(ctx),
    )
    await run('vote', service, scenarios.vote!(ctx), { baseline: 'bare-vote' })
    const serviceRssPeak = service.lifetimeRssPeakMb()
    await service.stop()
    children.delete(service)

    const bare = await startChild({
      name: 'bare baseline',
      args: ['--import', 'tsx', `${ROOT}/bench/bare-baseline.ts`],
      env: { DATABASE_URL: url, DATABASE_POOL_SIZE: String(POOL_SIZE) },
      port: 3918,
      readyPath: '/ready',
    })
    children.add(bare)
    await run('bare-list-top', bare, bareScenarios['bare-list-top']!(ctx))
    await run('bare-vote', bare, bareScenarios['bare-vote']!(ctx), { baseline: 'pgbench-vote' })
    await bare.stop()
    children.delete(bare)

    process.stderr.write('bench: pgbench-vote …')
    const pgb = await pgbenchVote({
      databaseUrl: url,
      connections: POOL_SIZE,
      seconds,
      ideas: seeded.ideas,
      users: seeded.users,
    })
    process.stderr.write(` ${pgb.rps} tps, p50 ${pgb.p50} ms, p99 ${pgb.p99} ms\n`)
    results.push({ name: 'pgbench-vote', ...pgb })

    const scenariosWithRatios = withRatios(results)
    const serviceRows = scenariosWithRatios.filter(
      (s) => !s.name.includes('bare') && !s.name.startsWith('pgbench'),
    )
    const report: Results = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version, postgres },
      dataset: {
        forums: seeded.forums,
        users: seeded.users,
        ideas: seeded.ideas,
        ballots: seeded.ballots,
      },
      quick,
      seedSeconds: round(seeded.seconds),
      secondsPerScenario: seconds,
      scenarios: scenariosWithRatios,
      rssPeakMb: Math.round(serviceRssPeak),
      eventLoopP99Ms: Math.max(...serviceRows.map((s) => s.eventLoopP99Ms ?? 0)),
    }
    console.log(table(report))
    console.log(
      `\nservice peak RSS ${report.rssPeakMb} MB; event-loop delay p99 (worst scenario) ${report.eventLoopP99Ms} ms; ` +
        `${report.dataset.ballots} ballots; ${seconds} s per scenario at ${CONNECTIONS} connections`,
    )
    await writeResults(`${ROOT}/bench/results.json`, report)
    const errors = results.reduce((n, s) => n + s.errors, 0)
    if (errors > 0) console.error(`bench: ${errors} requests errored (5xx or connection errors)`)
    return errors > 0 ? 1 : 0
  } finally {
    await pool.end()
  }
}

/** Waits (up to 30 s) until no statement of the service or the baseline is running. */
async function settle(pool: pg.Pool) {
  for (let i = 0; i < 300; i++) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND backend_type = 'client backend'
          AND state = 'active' AND pid <> pg_backend_pid()`,
    )
    if (rows[0]!.n === 0) return
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** A cursor `pages` × 100 ideas into each forum's top list, found by paging through the API. */
async function deepCursors(base: string, forums: number, pages: number): Promise<string[]> {
  const cursors: string[] = []
  for (let f = 1; f <= forums; f++) {
    let cursor = ''
    for (let p = 0; p < pages; p++) {
      const path = `${API_PREFIX}/forums/${forumSlug(f)}/ideas?sort=top&limit=100${cursor ? `&cursor=${cursor}` : ''}`
      const page = (await (await fetch(`${base}${path}`)).json()) as { nextCursor: string | null }
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    cursors.push(cursor)
  }
  return cursors
}

const alongsideNote = (login: LoadResult) =>
  `login alongside (${LOGIN_ALONGSIDE_CONNECTIONS} connections): ${login.rps} req/s, p50 ${login.p50} ms, p99 ${login.p99} ms, ${login.errors} errors`

const round = (n: number) => Math.round(n * 100) / 100

main()
  .then(async (code) => {
    await cleanUp()
    process.exit(code)
  })
  .catch(async (err: Error) => {
    console.error(`bench: ${err.message}`)
    await cleanUp()
    process.exit(1)
  })
