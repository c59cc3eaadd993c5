// Forward-only SQL migrations: files in migrations/ named YYYYMMDDHHMM_description.sql, applied in
// name order, each in its own transaction, recorded in schema_migrations. A session-level advisory
// lock makes instances that start together wait for each other instead of racing.
import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type pg from 'pg'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url))
const MIGRATION_LOCK_KEY = 726_161_943 // arbitrary but fixed: every instance must use the same key
const FILE_PATTERN = /^\d{12}_[a-z0-9_]+\.sql$/

export class MigrationError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`Migration ${file} failed: ${(cause as Error).message}`, { cause })
  }
}

export async function listMigrationFiles(dir = MIGRATIONS_DIR): Promise<string[]> {
  return (await readdir(dir)).filter((f) => FILE_PATTERN.test(f)).sort()
}

export interface MigrationResult {
  applied: string[]
  /** Recorded in the database but not present here: the database is newer than this code. */
  unknown: string[]
}

export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = await listMigrationFiles(dir)
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        name text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`)
      const done = new Set(
        (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map(
          (r) => r.name,
        ),
      )
      const applied: string[] = []
      for (const file of files.filter((f) => !done.has(f))) {
        await applyOne(client, file, await readFile(`${dir}/${file}`, 'utf8'))
        applied.push(file)
      }
      return { applied, unknown: [...done].filter((name) => !files.includes(name)) }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
    }
  } finally {
    client.release()
  }
}

async function applyOne(client: pg.PoolClient, file: string, text: string): Promise<void> {
  try {
    await client.query('BEGIN')
    // No parameters: pg uses the simple query protocol, which runs a multi-statement file.
    await client.query(text)
    await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file])
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw new MigrationError(file, err)
  }
}
