// The whole service as one JSON-lines file: a header naming the migrations it was taken at and the
// tables in dependency order, then every row of every table ({table, row}), identity values kept.
// The same SQL reads and writes it on either engine, so a backup taken on embedded PGlite
// restores onto a PostgreSQL server and back. Restore fills an empty migrated database in one
// unit of work (all or nothing), then moves each identity sequence past the restored ids.
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { ServiceContext } from '../../core/context.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import type { DB } from '../../db/schema.ts'
import { Conflict } from '../../errors.ts'
import { insertRows, type Row } from './bulk.ts'
import { jsonLines } from './source.ts'

export const BACKUP_FORMAT = 'tally-backup'
const PAGE = 2000
const BATCH = 500

interface TableInfo {
  name: string
  columns: string[]
  primaryKey: string[]
  identity: string[]
  /** Columns referring to the table itself (ideas.merged_into_id): such rows wait for their target. */
  selfRefs: string[]
  dependsOn: string[]
}

async function tables(db: Kysely<DB> | Transaction<DB>): Promise<TableInfo[]> {
  const { rows } = await sql<{
    name: string
    columns: string[]
    pk: string[] | null
    identity: string[] | null
    deps: string[] | null
    self_refs: string[] | null
  }>`
    SELECT c.relname AS name,
      (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns,
      (SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum))
         FROM pg_index i JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = c.oid AND i.indisprimary) AS pk,
      (SELECT array_agg(a.attname::text) FROM pg_attribute a
        WHERE a.attrelid = c.oid AND a.attidentity <> '') AS identity,
      (SELECT array_agg(DISTINCT f.confrelid::regclass::text) FROM pg_constraint f
        WHERE f.conrelid = c.oid AND f.contype = 'f' AND f.confrelid <> c.oid) AS deps,
      (SELECT array_agg(a.attname::text) FROM pg_constraint f
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(f.conkey)
        WHERE f.conrelid = c.oid AND f.contype = 'f' AND f.confrelid = c.oid) AS self_refs
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migrations'
     ORDER BY c.relname`.execute(db)
  const infos = rows.map((r) => ({
    name: r.name,
    columns: r.columns,
    primaryKey: r.pk ?? r.columns,
    identity: r.identity ?? [],
    selfRefs: r.self_refs ?? [],
    dependsOn: r.deps ?? [],
  }))
  // Referenced tables first.
  const ordered: TableInfo[] = []
  const placed = new Set<string>()
  while (ordered.length < infos.length) {
    const next = infos.filter(
      (t) => !placed.has(t.name) && t.dependsOn.every((d) => placed.has(d) || d === t.name),
    )
    if (next.length === 0) throw new Error('the tables reference each other in a cycle')
    for (const t of next) {
      ordered.push(t)
      placed.add(t.name)
    }
  }
  return ordered
}

async function migrations(db: Kysely<DB> | Transaction<DB>) {
  const { rows } = await sql<{
    name: string
  }>`SELECT name FROM schema_migrations ORDER BY name`.execute(db)
  return rows.map((r) => r.name)
}

export async function backup(db: Kysely<DB>, out: string, now: Date) {
  const list = await tables(db)
  const stream = createWriteStream(out)
  const write = async (line: unknown) => {
    if (!stream.write(`${JSON.stringify(line)}\n`)) await once(stream, 'drain')
  }
  const counts: Record<string, number> = {}
  try {
    await write({
      format: BACKUP_FORMAT,
      version: 1,
      takenAt: now.toISOString(),
      migrations: await migrations(db),
      tables: list.map((t) => t.name),
    })
    for (const t of list) {
      counts[t.name] = 0
      const pk = sql.join(t.primaryKey.map((c) => sql.ref(c)))
      let after: unknown[] | null = null
      for (;;) {
        const { rows }: { rows: { j: Row }[] } = await sql<{ j: Row }>`
          SELECT to_jsonb(r) AS j FROM (
            SELECT ${sql.join(t.columns.map((c) => sql.ref(c)))} FROM ${sql.table(t.name)}
             ${after ? sql`WHERE (${pk}) > (${sql.join(after.map((v) => sql`${v}`))})` : sql``}
             ORDER BY ${pk} LIMIT ${PAGE}) r`.execute(db)
        for (const { j } of rows) await write({ table: t.name, row: j })
        counts[t.name] = (counts[t.name] ?? 0) + rows.length
        const last = rows.at(-1)
        if (!last || rows.length < PAGE) break
        after = t.primaryKey.map((c) => last.j[c])
      }
    }
  } finally {
    await new Promise((resolve) => stream.end(resolve))
  }
  return counts
}

interface Header {
  format: string
  version: number
  migrations: string[]
  tables: string[]
}

export async function restore(
  ctx: ServiceContext,
  from: string,
  options: { force?: boolean } = {},
) {
  return unitOfWork(
    ctx,
    async ({ tx }) => {
      const list = await tables(tx)
      const byName = new Map(list.map((t) => [t.name, t]))
      const nonEmpty: string[] = []
      for (const t of list) {
        const { rows } = await sql<{
          any: boolean
        }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(t.name)}) AS any`.execute(tx)
        if (rows[0]?.any) nonEmpty.push(t.name)
      }
      if (nonEmpty.length > 0 && !options.force) {
        throw new Conflict(
          `The database is not empty (${nonEmpty.join(', ')}); restore --force replaces everything`,
        )
      }
      if (nonEmpty.length > 0) {
        await sql`TRUNCATE ${sql.join(list.map((t) => sql.table(t.name)))} RESTART IDENTITY CASCADE`.execute(
          tx,
        )
      }
      const applied = new Set(await migrations(tx))
      const counts: Record<string, number> = {}
      let header: Header | null = null
      let batch: Row[] = []
      let current: TableInfo | null = null
      let seen = new Set<unknown>()
      let waiting: Row[] = []
      const flush = async () => {
        if (!current || batch.length === 0) return
        const t = current
        // Rows pointing at a row of their own table not restored yet wait for it.
        const ready = batch.filter((r) => t.selfRefs.every((c) => r[c] == null || seen.has(r[c])))
        const later = batch.filter((r) => !ready.includes(r))
        await insertRows(tx, t.name, ready, { identity: t.identity.length > 0 })
        if (t.selfRefs.length > 0) for (const r of ready) seen.add(r.id)
        waiting.push(...later)
        counts[t.name] = (counts[t.name] ?? 0) + ready.length
        batch = []
      }
      const finishTable = async () => {
        await flush()
        // Chains of waiting rows: each pass restores those whose target is in.
        while (current && waiting.length > 0) {
          const t = current
          const ready = waiting.filter((r) =>
            t.selfRefs.every((c) => r[c] == null || seen.has(r[c])),
          )
          if (ready.length === 0)
            throw new Error(`${t.name}: rows refer to rows the backup does not hold`)
          await insertRows(tx, t.name, ready, { identity: t.identity.length > 0 })
          for (const r of ready) seen.add(r.id)
          counts[t.name] = (counts[t.name] ?? 0) + ready.length
          waiting = waiting.filter((r) => !ready.includes(r))
        }
        seen = new Set()
      }
      for await (const line of jsonLines(from, from)) {
        if (line.error !== undefined) throw new Error(`${from}:${line.line}: ${line.error}`)
        if (!header) {
          header = line.value as Header
          if (header.format !== BACKUP_FORMAT) throw new Error(`${from} is not a Tally backup`)
          const unknown = header.migrations.filter((m) => !applied.has(m))
          if (unknown.length > 0) {
            throw new Error(
              `the backup is from a newer version (migrations ${unknown.join(', ')}); upgrade first`,
            )
          }
          continue
        }
        const { table, row } = line.value as { table: string; row: Row }
        const t = byName.get(table)
        if (!t) throw new Error(`${from}:${line.line}: unknown table ${table}`)
        if (t !== current) {
          await finishTable()
          current = t
        }
        batch.push(row)
        if (batch.length >= BATCH) await flush()
      }
      await finishTable()
      for (const t of list) {
        for (const c of t.identity) {
          await sql`
            SELECT setval(pg_get_serial_sequence(${t.name}, ${c}),
                          coalesce((SELECT max(${sql.ref(c)}) FROM ${sql.table(t.name)}), 0) + 1, false)`.execute(
            tx,
          )
        }
      }
      return counts
    },
    { label: 'restore', attempts: 1 },
  )
}
