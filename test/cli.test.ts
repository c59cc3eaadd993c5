import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { childEnv, engine, freshServerDatabase, serverBase } from './helper.ts'

const run = promisify(execFile)

t.test(`${engine}: tally user create / user role`, async (t) => {
  const env = childEnv({ NODE_ENV: 'test', JWT_SECRET: 'c'.repeat(40) })
  if (serverBase) env.DATABASE_URL = await freshServerDatabase(t)
  else env.DATA_DIR = mkdtempSync(join(tmpdir(), 'tally-cli-'))
  const tally = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        out: e.stdout + e.stderr,
      }),
    )

  const created = await tally(
    'user',
    'create',
    '--email',
    'boss@example.test',
    '--password',
    'boss-password-1',
    '--role',
    'admin',
  )
  t.equal(created.code, 0, created.out)
  t.match(created.out, /created user \d+ <boss@example.test> as admin/)

  const duplicate = await tally(
    'user',
    'create',
    '--email',
    'BOSS@example.test',
    '--password',
    'boss-password-1',
  )
  t.equal(duplicate.code, 1)
  t.match(duplicate.out, /already exists/)

  const badRole = await tally(
    'user',
    'create',
    '--email',
    'x@example.test',
    '--password',
    'boss-password-1',
    '--role',
    'god',
  )
  t.equal(badRole.code, 1)
  t.match(badRole.out, /--role must be one of/)

  const lastAdmin = await tally(
    'user',
    'role',
    '--email',
    'boss@example.test',
    '--role',
    'developer',
  )
  t.equal(lastAdmin.code, 1, 'the last admin cannot be demoted from the CLI either')
  t.match(lastAdmin.out, /This is the last admin; make someone else admin first/)

  const promoted = await tally(
    'user',
    'create',
    '--email',
    'deputy@example.test',
    '--password',
    'deputy-password-1',
  )
  t.equal(promoted.code, 0, promoted.out)
  const deputy = await tally('user', 'role', '--email', 'DEPUTY@example.test', '--role', 'admin')
  t.equal(deputy.code, 0, deputy.out)
  t.match(deputy.out, /<deputy@example.test> is now admin/)

  const role = await tally('user', 'role', '--email', 'boss@example.test', '--role', 'developer')
  t.equal(role.code, 0, role.out)
  t.match(role.out, /is now developer/)

  const nobody = await tally('user', 'role', '--email', 'nobody@example.test', '--role', 'admin')
  t.equal(nobody.code, 1)
  t.match(nobody.out, /no user with e-mail nobody@example.test/)

  const usage = await tally('frobnicate')
  t.equal(usage.code, 2)
  t.match(usage.out, /usage: npm run tally/)

  const drift = await tally('check')
  t.equal(drift.code, 0, drift.out)
  t.match(
    drift.out,
    /0 ballots not released on closed ideas, 0 priced by another voting mode, 0 budgets and 0 idea counters drifted/,
  )
})
