// Migrated template databases, made once per test run (tap's `before` script) and cloned by every
// test file: an in-memory PGlite restored from a dump, or CREATE DATABASE … TEMPLATE on a server.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { PGLITE_EXTENSIONS, openDatabase } from '../src/db/engine.ts'
import { listMigrationFiles, migrate, MIGRATIONS_DIR } from '../src/db/migrator.ts'

async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256')
  for (const file of await listMigrationFiles()) {
    hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)))
  }
  return hash.digest('hex').slice(0, 12)
}

export async function pgliteTemplatePath(): Promise<string> {
  return join(tmpdir(), 'tally-test', `pglite-${await migrationsHash()}.tar`)
}

export async function ensurePgliteTemplate(): Promise<string> {
  const path = await pgliteTemplatePath()
  if (existsSync(path)) return path
  mkdirSync(join(tmpdir(), 'tally-test'), { recursive: true })
  const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS })
  const database = await openDatabase({ kind: 'pglite-instance', pglite })
  await migrate(database.pool)
  const dump = await pglite.dumpDataDir('none')
  await database.close()
  // Written under a temporary name and renamed, so a reader never sees half a file.
  const partial = `${path}.${process.pid}`
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
  renameSync(partial, path)
  return path
}

export function serverUrl(databaseName: string, base: string): string {
  const url = new URL(base)
  url.pathname = `/${databaseName}`
  return url.toString()
}

export async function templateDatabaseName(base: string): Promise<string> {
  const prefix = new URL(base).pathname.slice(1) || 'tally_test'
  return `${prefix}_tpl_${await migrationsHash()}`
}

// Cloning needs the template to have no other session, so template upkeep and clones are
// serialised by an advisory lock on the maintenance database.
const TEMPLATE_LOCK = 726_161_944

async function withTemplateLock<T>(
  base: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: base })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK])
    return await fn(client)
  } finally {
    await client.end() // ends the session, which releases the lock
  }
}

/** Creates the template if missing and brings it up to date (the `before` script does this). */
export async function ensureServerTemplate(base: string): Promise<string> {
  const name = await templateDatabaseName(base)
  await withTemplateLock(base, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!exists.rowCount) await client.query(`CREATE DATABASE "${name}"`)
    const database = await openDatabase({
      kind: 'postgres',
      url: serverUrl(name, base),
      poolSize: 1,
      statementTimeoutMs: 60_000,
    })
    try {
      await migrate(database.pool) // a no-op when complete; finishes a template left half-made
    } finally {
      await database.close()
    }
  })
  return name
}

/** A new database cloned from the template; returns its name. */
export async function cloneServerTemplate(base: string, name: string): Promise<void> {
  const template = await templateDatabaseName(base)
  await withTemplateLock(base, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])
    if (!exists.rowCount)
      throw new Error(`No template ${template}: run the suite with \`npm test\``)
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
  })
}

export async function restorePglite(): Promise<PGlite> {
  const path = await ensurePgliteTemplate()
  return PGlite.create({
    loadDataDir: new Blob([readFileSync(path)]),
    extensions: PGLITE_EXTENSIONS,
  })
}
