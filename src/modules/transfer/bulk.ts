// Set-based writes for imports and restores: one statement per batch whatever its size, the rows
// passed as one JSON parameter and expanded by jsonb_populate_recordset into the table's own types.
import { sql, type Transaction } from 'kysely'
import type { DB } from '../../db/schema.ts'

export type Row = Record<string, unknown>

/** Inserts rows (all with the same keys) into a table; ids given explicitly are kept. */
export async function insertRows(
  tx: Transaction<DB>,
  table: string,
  rows: Row[],
  options: { identity?: boolean; onConflictDoNothing?: boolean } = {},
): Promise<number> {
  const first = rows[0]
  if (first === undefined) return 0
  const cols = Object.keys(first)
  const result = await sql`
    INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))})
    ${options.identity ? sql`OVERRIDING SYSTEM VALUE` : sql``}
    SELECT ${sql.join(cols.map((c) => sql.ref(`r.${c}`)))}
      FROM jsonb_populate_recordset(NULL::${sql.table(table)}, ${JSON.stringify(rows)}::jsonb) r
    ${options.onConflictDoNothing ? sql`ON CONFLICT DO NOTHING` : sql``}`.execute(tx)
  return Number(result.numAffectedRows ?? 0)
}

/** n new ids from a table's identity sequence, so rows can be inserted with ids known in advance. */
export async function allocateIds(tx: Transaction<DB>, table: string, n: number) {
  if (n === 0) return []
  const { rows } = await sql<{ id: number }>`
    SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::int AS id
      FROM generate_series(1, ${n})`.execute(tx)
  return rows.map((r) => r.id)
}
