import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import t from 'tap'
import {
  listMigrationFiles,
  migrate,
  MigrationError,
  MIGRATIONS_DIR,
} from '../../src/db/migrator.ts'
import { testDatabase, engine } from '../helper.ts'

async function dirWith(extra: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-migrations-'))
  for (const file of await listMigrationFiles())
    copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file))
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text)
  return dir
}

t.test(`${engine}: every migration is recorded and a second run applies nothing`, async (t) => {
  const database = await testDatabase(t)
  const recorded = await sql<{
    name: string
  }>`SELECT name FROM schema_migrations ORDER BY name`.execute(database.db)
  t.same(
    recorded.rows.map((r) => r.name),
    await listMigrationFiles(),
  )
  t.same(await migrate(database.pool), { applied: [], unknown: [] })
})

t.test(`${engine}: a failing migration names its file and leaves nothing behind`, async (t) => {
  const database = await testDatabase(t)
  const dir = await dirWith({
    '209901010000_half_done.sql': 'CREATE TABLE half_done (id int);\nSELECT no_such_function();',
  })
  const err = await migrate(database.pool, dir).catch((e: unknown) => e)
  t.ok(err instanceof MigrationError)
  t.match((err as Error).message, /209901010000_half_done\.sql.*no_such_function/)
  const table = await sql<{ t: string | null }>`SELECT to_regclass('half_done')::text AS t`.execute(
    database.db,
  )
  t.equal(table.rows[0]?.t, null, 'the failed file was rolled back')
  const done = await sql<{
    n: number
  }>`SELECT count(*) AS n FROM schema_migrations WHERE name LIKE '2099%'`.execute(database.db)
  t.equal(done.rows[0]?.n, 0, 'and not recorded')
})

t.test(`${engine}: instances migrating together apply each file once`, async (t) => {
  const database = await testDatabase(t)
  const dir = await dirWith({
    '209901010001_counter.sql':
      'CREATE TABLE applied_once (id int);\nINSERT INTO applied_once VALUES (1);',
  })
  const results = await Promise.all([
    migrate(database.pool, dir),
    migrate(database.pool, dir),
    migrate(database.pool, dir),
  ])
  t.same(results.map((r) => r.applied.length).sort(), [0, 0, 1])
  const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM applied_once`.execute(database.db)
  t.equal(rows.rows[0]?.n, 1)
})

t.test(`${engine}: migrations the code does not know are reported`, async (t) => {
  const database = await testDatabase(t)
  await sql`INSERT INTO schema_migrations (name) VALUES ('209912312359_from_the_future.sql')`.execute(
    database.db,
  )
  t.same((await migrate(database.pool)).unknown, ['209912312359_from_the_future.sql'])
})
