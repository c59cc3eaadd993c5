import { sql } from 'kysely'
import t from 'tap'
import { testDatabase, engine } from '../helper.ts'

t.test(`${engine}: two concurrent transactions, one rolling back, stay isolated`, async (t) => {
  const database = await testDatabase(t)
  const { db } = database
  await sql`CREATE TABLE probe (id int PRIMARY KEY, note text)`.execute(db)

  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  const failing = db
    .transaction()
    .execute(async (tx) => {
      await sql`INSERT INTO probe VALUES (1, 'rolled back')`.execute(tx)
      await gate // hold the transaction open while the other one starts
      throw new Error('roll me back')
    })
    .then(
      () => 'committed',
      (err: Error) => err.message,
    )
  const succeeding = db.transaction().execute(async (tx) => {
    await sql`INSERT INTO probe VALUES (2, 'kept')`.execute(tx)
    release()
  })
  // On PGlite the second transaction queues behind the first (one connection), so the gate is
  // also released from outside; on a server both run side by side.
  setTimeout(() => release(), 50)
  t.equal(await failing, 'roll me back')
  await succeeding
  const rows = await sql<{
    id: number
    note: string
  }>`SELECT id, note FROM probe ORDER BY id`.execute(db)
  t.same(rows.rows, [{ id: 2, note: 'kept' }], 'only the committed insert survives')
})

t.test(`${engine}: pg_trgm is available`, async (t) => {
  const { db } = await testDatabase(t)
  const { rows } = await sql<{
    s: number
  }>`SELECT similarity('raise event channel limits', 'event channel limit') AS s`.execute(db)
  t.ok((rows[0]?.s ?? 0) > 0.5, 'similarity works')
})

t.test(`${engine}: counts come back as numbers, not strings`, async (t) => {
  const { db } = await testDatabase(t)
  const { rows } = await sql<{
    n: number
    d: number
  }>`SELECT count(*) AS n, 1.5::numeric AS d FROM generate_series(1, 3)`.execute(db)
  t.same(rows[0], { n: 3, d: 1.5 })
})

t.test('embedded: a query waiting for a held connection fails fast, saying why', async (t) => {
  const { openDatabase } = await import('../../src/db/engine.ts')
  const { restorePglite } = await import('../template.ts')
  const database = await openDatabase({
    kind: 'pglite-instance',
    pglite: await restorePglite(),
    checkoutTimeoutMs: 300,
  })
  t.teardown(() => database.close())
  const held = await database.pool.connect() // the one connection, never given back in time
  const started = Date.now()
  const err = await sql`SELECT 1`.execute(database.db).then(
    () => null,
    (e: Error) => e,
  )
  held.release()
  t.match(err?.message, /timeout exceeded when trying to connect: the embedded database/)
  t.ok(Date.now() - started < 3000, 'fails within the checkout timeout')
  t.same((await sql`SELECT 1 AS one`.execute(database.db)).rows, [{ one: 1 }], 'and recovers')
})
