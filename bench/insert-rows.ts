// Multi-row inserts: each batch is one `INSERT … SELECT FROM unnest($1::int[], $2::text[], …)`,
// a single round trip with one parameter per column, whatever the batch size.
import type pg from 'pg'

const BATCH = 20_000

/**
 * Inserts columns[i][row] into `table`. Columns are named `name:type`; `also` fills more columns
 * from one of them (updated_at from created_at). Explicit ids override the identity columns.
 */
export async function insertRows(
  client: pg.PoolClient,
  table: string,
  columns: string[],
  values: unknown[][],
  onBatch: (rows: number) => void = () => {},
  options: { also?: Record<string, string> } = {},
): Promise<void> {
  const names = columns.map((c) => c.split(':')[0]!)
  const types = columns.map((c) => c.split(':')[1]!)
  const also = Object.entries(options.also ?? {})
  const target = [...names, ...also.map(([name]) => name)].join(', ')
  const select = [...names.map((n) => `u.${n}`), ...also.map(([, from]) => `u.${from}`)].join(', ')
  const unnest = types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')
  const overriding = names.includes('id') ? 'OVERRIDING SYSTEM VALUE' : ''
  const text = `INSERT INTO ${table} (${target}) ${overriding}
    SELECT ${select} FROM unnest(${unnest}) AS u(${names.join(', ')})`
  const total = values[0]?.length ?? 0
  for (let from = 0; from < total; from += BATCH) {
    const to = Math.min(total, from + BATCH)
    await client.query(
      text,
      values.map((column) => column.slice(from, to)),
    )
    onBatch(to - from)
  }
}
