// An import killed mid-way (kill -9 of the CLI, after its progress began) continues when run
// again: nothing duplicated, every row in, `tally check` clean.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import t from 'tap'
import { openDatabase, type Database } from '../../../src/db/engine.ts'
import { migrate } from '../../../src/db/migrator.ts'
import { checkConsistency, driftCount } from '../../../src/modules/votes/consistency.ts'
import { childEnv, freshServerDatabase, serverBase } from '../../helper.ts'

const IDEAS = 2000
const USERS = 400
const VOTES_EACH = 8

function writeFixture(dir: string) {
  mkdirSync(dir, { recursive: true })
  const users = Array.from({ length: USERS }, (_, u) =>
    JSON.stringify({
      externalId: `u${u}`,
      email: `voter${u}@example.test`,
      displayName: `Voter ${u}`,
    }),
  )
  const ideas = Array.from({ length: IDEAS }, (_, i) =>
    JSON.stringify({
      externalId: `i${i}`,
      title: `Imported idea ${i}`,
      author: `u${i % USERS}`,
      status: 'open',
    }),
  )
  const ballots: string[] = []
  for (let u = 0; u < USERS; u++) {
    for (let k = 0; k < VOTES_EACH; k++) {
      const i = (u * 7 + k * 251) % IDEAS
      ballots.push(
        JSON.stringify({ externalId: `b${u}-${k}`, idea: `i${i}`, user: `u${u}`, votes: 1 }),
      )
    }
  }
  writeFileSync(join(dir, 'users.jsonl'), `${users.join('\n')}\n`)
  writeFileSync(join(dir, 'ideas.jsonl'), `${ideas.join('\n')}\n`)
  writeFileSync(join(dir, 'ballots.jsonl'), `${ballots.join('\n')}\n`)
}

t.test('resumption after kill -9 mid-import', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'tally-resume-'))
  const fixture = join(root, 'export')
  writeFixture(fixture)
  const env = childEnv({ NODE_ENV: 'test', JWT_SECRET: 'r'.repeat(40), LOG_LEVEL: 'silent' })
  let open: () => Promise<Database>
  if (serverBase) {
    const url = await freshServerDatabase(t)
    env.DATABASE_URL = url
    open = () => openDatabase({ kind: 'postgres', url, poolSize: 2, statementTimeoutMs: 30_000 })
  } else {
    const dataDir = join(root, 'data')
    env.DATA_DIR = dataDir
    open = () => openDatabase({ kind: 'pglite', dataDir })
  }
  const setup = await open()
  await migrate(setup.pool)
  await setup.db
    .insertInto('forums')
    .values({ slug: 'big', name: 'Big', vote_budget: 10 })
    .execute()
  await setup.close()

  const args = [
    '--import',
    'tsx',
    'src/cli.ts',
    'import',
    'tally',
    '--forum',
    'big',
    fixture,
    '--batch-size',
    '100',
  ]
  const killed = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env })
    let out = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`no progress within 120 s: ${out}`))
    }, 120_000)
    child.stdout.on('data', (chunk: Buffer) => {
      out += String(chunk)
      const m = /progress: ideas (\d+) rows read/.exec(out.split('\n').at(-2) ?? '')
      if (m && Number(m[1]) >= 500) child.kill('SIGKILL')
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (signal === 'SIGKILL') resolve(out)
      else reject(new Error(`the import ended before it was killed (${code}): ${out}`))
    })
  })
  t.match(killed, /progress: ideas/)

  const mid = await open()
  const partial = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ideas`.execute(mid.db)
  await mid.close()
  t.ok((partial.rows[0]?.n ?? 0) < IDEAS, `interrupted with ${partial.rows[0]?.n} ideas in`)

  const rerun = await promisify(execFile)(process.execPath, args, { env })
  const last = rerun.stdout.trim().split('\n').at(-1) ?? ''
  t.match(last, /^imported tally into big: created \d+, skipped \d+, adjusted 0, refused 0$/)

  const after = await open()
  t.teardown(() => after.close())
  const { rows } = await sql<{
    ideas: number
    distinct_titles: number
    ballots: number
    mappings: number
  }>`
    SELECT (SELECT count(*)::int FROM ideas) AS ideas, (SELECT count(DISTINCT title)::int FROM ideas) AS distinct_titles,
           (SELECT count(*)::int FROM ballots) AS ballots, (SELECT count(*)::int FROM import_mappings) AS mappings`.execute(
    after.db,
  )
  t.same(rows[0], {
    ideas: IDEAS,
    distinct_titles: IDEAS,
    ballots: USERS * VOTES_EACH,
    mappings: IDEAS + USERS,
  })
  t.equal(driftCount(await checkConsistency(after.db)), 0, 'tally check is clean')
})
