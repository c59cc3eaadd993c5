// src/db/schema.ts is written by hand beside the migrations; this test reads its types with the
// TypeScript compiler and compares them with the migrated catalogue, so the two cannot drift:
// every table and column on both sides, the same nullability, a compatible type.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import ts from 'typescript'
import t from 'tap'
import { build } from '../helper.ts'

const ROOT = resolve(import.meta.dirname, '../..')
/** Bookkeeping tables that the application never queries through Kysely. */
const UNTYPED_TABLES = new Set(['schema_migrations'])
/** Columns deliberately left out of schema.ts (none today). */
const UNTYPED_COLUMNS = new Set<string>([])

type Kind = 'number' | 'string' | 'boolean' | 'Date' | 'json' | 'array'
interface Column {
  nullable: boolean
  kind: Kind
}

function typedSchema(): Map<string, Map<string, Column>> {
  // Inside the repository, so `kysely` resolves from its node_modules.
  const dir = mkdtempSync(join(ROOT, 'test/db/.schema-probe-'))
  const probe = join(dir, 'probe.ts')
  writeFileSync(
    probe,
    `import type { Selectable } from 'kysely'\n` +
      `import type { DB } from '${join(ROOT, 'src/db/schema.ts')}'\n` +
      `export declare const tables: { [K in keyof DB]: Selectable<DB[K]> }\n`,
  )
  const program = ts.createProgram([probe], {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    allowImportingTsExtensions: true,
    noEmit: true,
    baseUrl: ROOT,
    typeRoots: [join(ROOT, 'node_modules/@types')],
  })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(probe)!
  const symbol = checker.getSymbolAtLocation(source)!
  const tables = checker.getTypeOfSymbol(checker.getExportsOfModule(symbol)[0]!)
  rmSync(dir, { recursive: true, force: true })
  const schema = new Map<string, Map<string, Column>>()
  for (const table of checker.getPropertiesOfType(tables)) {
    const columns = new Map<string, Column>()
    const tableType = checker.getTypeOfSymbol(table)
    for (const column of checker.getPropertiesOfType(tableType)) {
      const type = checker.getTypeOfSymbol(column)
      const parts = type.isUnion() ? type.types : [type]
      const nullable = parts.some((p) => p.flags & ts.TypeFlags.Null)
      const text = parts
        .filter((p) => !(p.flags & ts.TypeFlags.Null))
        .map((p) => checker.typeToString(p))
      const kind: Kind = text.every((x) => x === 'number')
        ? 'number'
        : text.every((x) => x === 'string' || x.startsWith('"'))
          ? 'string'
          : text.every((x) => x === 'boolean' || x === 'true' || x === 'false')
            ? 'boolean'
            : text.every((x) => x === 'Date')
              ? 'Date'
              : text.every((x) => x.endsWith('[]'))
                ? 'array'
                : 'json'
      columns.set(column.name, { nullable, kind })
    }
    schema.set(table.name, columns)
  }
  return schema
}

const KIND_OF: Record<string, Kind> = {
  integer: 'number',
  bigint: 'number',
  smallint: 'number',
  numeric: 'number',
  'double precision': 'number',
  text: 'string',
  'character varying': 'string',
  uuid: 'string',
  boolean: 'boolean',
  'timestamp with time zone': 'Date',
  jsonb: 'json',
  json: 'json',
  ARRAY: 'array',
  tsvector: 'string',
}

t.test('schema.ts matches the migrated catalogue, table by table, column by column', async (t) => {
  const { db } = await build(t)
  const { rows } = await db.executeQuery<{
    table_name: string
    column_name: string
    is_nullable: 'YES' | 'NO'
    data_type: string
    is_generated: 'ALWAYS' | 'NEVER'
  }>({
    sql: `SELECT table_name, column_name, is_nullable, data_type, is_generated
            FROM information_schema.columns
           WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    parameters: [],
    query: { kind: 'RawNode' } as never,
    queryId: { queryId: 'schema-types' },
  })
  const catalogue = new Map<string, Map<string, Column>>()
  for (const r of rows) {
    if (UNTYPED_TABLES.has(r.table_name) || UNTYPED_COLUMNS.has(`${r.table_name}.${r.column_name}`))
      continue
    const table = catalogue.get(r.table_name) ?? new Map<string, Column>()
    // A generated column cannot be declared NOT NULL; these are computed from NOT NULL columns.
    const nullable = r.is_nullable === 'YES' && r.is_generated !== 'ALWAYS'
    table.set(r.column_name, { nullable, kind: KIND_OF[r.data_type] ?? 'json' })
    catalogue.set(r.table_name, table)
  }
  const typed = typedSchema()
  t.same([...typed.keys()].sort(), [...catalogue.keys()].sort(), 'the same tables')
  for (const [name, columns] of catalogue) {
    const declared = typed.get(name)
    if (!declared) continue
    t.same(
      Object.fromEntries([...declared].sort(([a], [b]) => a.localeCompare(b))),
      Object.fromEntries([...columns].sort(([a], [b]) => a.localeCompare(b))),
      `table ${name}`,
    )
  }
})
