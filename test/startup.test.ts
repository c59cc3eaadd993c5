// The embedded engine's life on disk (created on first start, kept across restarts, one process
// at a time) and the first-admin bootstrap, on whichever engine the suite runs.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { DataDirLockedError } from '../src/db/data-dir-lock.ts'
import { BootstrapError, openMigratedDatabase } from '../src/startup.ts'
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
