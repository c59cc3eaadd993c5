// The embedded engine's life on disk (created on first start, kept across restarts, one process
// at a time) and the first-admin bootstrap, on whichever engine the suite runs.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { DataDirLockedError } from '../src/db/data-dir-lock.ts'
import { MigrationError } from '../src/db/migrator.ts'
import { BootstrapError, describeStartupFailure, openMigratedDatabase } from '../src/startup.ts'
import { engine, freshServerDatabase, rejectionOf, serverBase, testConfig } from './helper.ts'

const log = { info: () => {}, warn: () => {} }

async function targetEnv(t: Test): Promise<Record<string, string>> {
  if (serverBase) return { DATABASE_URL: await freshServerDatabase(t) }
  return { DATA_DIR: mkdtempSync(join(tmpdir(), 'tally-data-')) }
}

t.test(
  `${engine}: ADMIN_EMAIL creates the first admin once; data survives a restart`,
  async (t) => {
    const env = {
      ...(await targetEnv(t)),
      ADMIN_EMAIL: 'root@example.test',
      ADMIN_PASSWORD: 'a-long-admin-password',
    }
    const config = testConfig(env)
    const first = await openMigratedDatabase(config, log)
    const admins = await first.db
      .selectFrom('users')
      .select(['email', 'role'])
      .where('role', '=', 'admin')
      .execute()
    t.same(admins, [{ email: 'root@example.test', role: 'admin' }])
    if (!serverBase) {
      t.ok(
        (await rejectionOf(openMigratedDatabase(config, log))) instanceof DataDirLockedError,
        'a second opener is refused',
      )
    }
    await first.close()

    const second = await openMigratedDatabase(config, log)
    t.teardown(() => second.close())
    const again = await second.db.selectFrom('users').select('email').execute()
    t.same(again, [{ email: 'root@example.test' }], 'kept, and not created twice')
  },
)

t.test(`${engine}: ADMIN_EMAIL of an existing non-admin is refused, not promoted`, async (t) => {
  const env = await targetEnv(t)
  const database = await openMigratedDatabase(testConfig(env), log)
  await database.db
    .insertInto('users')
    .values({
      email: 'squatter@example.test',
      display_name: 'S',
      password_hash: 'x',
      role: 'member',
    })
    .execute()
  await database.close()
  const config = testConfig({
    ...env,
    ADMIN_EMAIL: 'SQUATTER@example.test',
    ADMIN_PASSWORD: 'a-long-admin-password',
  })
  t.ok((await rejectionOf(openMigratedDatabase(config, log))) instanceof BootstrapError)
})

t.test('a start-up that fails for want of space says so, and where', async (t) => {
  const embedded = testConfig({ DATA_DIR: '/srv/tally-data' })
  const server = testConfig({ DATABASE_URL: 'postgres://tally@db.example:5432/tally' })
  // What these failures throw, as observed on a full tmpfs: PGlite's file system on opening, the
  // database's own 53100 during a migration, Node's ENOSPC writing the lock file.
  const errnoError = Object.assign(Object.create(null) as object, { name: 'ErrnoError', errno: 51 })
  const diskFull = Object.assign(
    new Error('could not extend file "base/5/16938": No space left on device'),
    { code: '53100' },
  )
  const migration = new MigrationError('202611271300_ideas_and_votes.sql', diskFull)
  const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
  })
  const inDataDir = /^no space left on device in DATA_DIR \(\/srv\/tally-data\): free some space/
  t.match(describeStartupFailure(errnoError, embedded), inDataDir)
  t.match(
    describeStartupFailure(errnoError, embedded),
    /\(ErrnoError \(errno 51\)\)$/,
    'not "undefined"',
  )
  t.match(describeStartupFailure(migration, embedded), inDataDir)
  t.match(
    describeStartupFailure(migration, embedded),
    /Migration 202611271300_ideas_and_votes.sql failed: could not extend file/,
    'and names the migration',
  )
  t.match(describeStartupFailure(enospc, embedded), inDataDir)
  t.match(
    describeStartupFailure(enospc, server),
    /^no space left on device in DATA_DIR/,
    'ENOSPC is our own disk',
  )
  t.match(
    describeStartupFailure(enospc),
    /^no space left on device: free some space/,
    'before the config is known',
  )
  t.match(
    describeStartupFailure(migration, server),
    /^the PostgreSQL server has no space left on device: free space on its disk/,
    "53100 from a server is the server's disk",
  )
})

t.test('start-up failures for want of memory or connections name them', async (t) => {
  const server = testConfig({ DATABASE_URL: 'postgres://tally@db.example:5432/tally' })
  const failure = (code: string) => Object.assign(new Error(`failure ${code}`), { code })
  t.match(
    describeStartupFailure(failure('53200'), server),
    /^the database is out of memory \(failure 53200\)/,
  )
  t.match(
    describeStartupFailure(failure('53300'), server),
    /^the PostgreSQL server has no free connection slots: lower DATABASE_POOL_SIZE/,
  )
  t.match(describeStartupFailure(failure('53400'), server), /^the database is out of resources/)
  t.equal(
    describeStartupFailure(failure('28P01'), server),
    'failure 28P01',
    'others: their message',
  )
  t.equal(describeStartupFailure('a string'), 'a string')
  t.equal(describeStartupFailure({ name: 'Weird' }), 'Weird')
})
