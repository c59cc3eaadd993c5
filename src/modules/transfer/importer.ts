// The import driver: reads each kind in dependency order, refuses malformed rows one by one, and
// writes the rest in batches, each batch one unit of work that also records the external ids it
// created. A second run finds those ids and creates nothing; a run interrupted between batches
// continues where it stopped. A dry run runs every batch inside one unit of work rolled back.
import { sql, type Transaction } from 'kysely'
import type { ServiceContext, UnitContext } from '../../core/context.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import type { DB } from '../../db/schema.ts'
import { NotFound } from '../../errors.ts'
import type { Kind, RecordOf } from './format.ts'
import { emptyReport, type ImportReport } from './report.ts'
import type { Source } from './source.ts'
import { RowError, validateRow } from './validate.ts'

export type MapKind =
  'user' | 'category' | 'release' | 'feature' | 'idea' | 'status_change' | 'comment'

export interface ImportOptions {
  forum: string
  dryRun?: boolean
  raiseBudget?: boolean
  batchSize?: number
  onProgress?: (line: string) => void
}

export interface ForumRules {
  id: number
  slug: string
  vote_budget: number
  max_votes_per_idea: number
  voting_mode: string
}

export interface Item<K extends Kind> {
  rec: RecordOf[K]
  file: string
  line: number
}

/** The state of one import run, shared by the kinds' writers. */
export interface Run {
  source: Source['name']
  forum: ForumRules
  report: ImportReport
  maps: Record<MapKind, Map<string, number>>
  batchSize: number
  raiseBudget: boolean
  /** Runs one batch: its own unit of work, or a part of the dry run's one. */
  batch<T>(label: string, work: (uow: UnitContext) => Promise<T>): Promise<T>
  progress(line: string): void
  adjust(kind: Kind, item: { file: string; line: number }, reason: string): void
  refuse(item: { file: string; line: number }, reason: string): void
}

class DryRunDone extends Error {}

const MAP_KINDS: MapKind[] = [
  'user',
  'category',
  'release',
  'feature',
  'idea',
  'status_change',
  'comment',
]

export async function runImport(
  ctx: ServiceContext,
  source: Source,
  options: ImportOptions,
  phases: (run: Run) => Promise<void>,
): Promise<ImportReport> {
  const report = emptyReport(source.name, options.forum, options.dryRun ?? false)
  const progress = options.onProgress ?? (() => {})
  const makeRun = (batch: Run['batch'], forum: ForumRules, maps: Run['maps']): Run => ({
    source: source.name,
    forum,
    report,
    maps,
    batchSize: options.batchSize ?? 500,
    raiseBudget: options.raiseBudget ?? false,
    batch,
    progress,
    adjust(kind, item, reason) {
      report.adjusted[kind]++
      report.adjustments.push({ file: item.file, line: item.line, reason })
    },
    refuse(item, reason) {
      report.refused.push({ file: item.file, line: item.line, reason })
    },
  })
  if (options.dryRun) {
    try {
      await unitOfWork(
        ctx,
        async (uow) => {
          const { forum, maps } = await loadState(uow.tx, options.forum, source.name)
          await phases(makeRun((_label, work) => work(uow), forum, maps))
          throw new DryRunDone()
        },
        { label: 'import (dry run)', attempts: 1 },
      )
    } catch (err) {
      if (!(err instanceof DryRunDone)) throw err
    }
    return report
  }
  const { forum, maps } = await unitOfWork(
    ctx,
    ({ tx }) => loadState(tx, options.forum, source.name),
    {
      label: 'import: load',
    },
  )
  await phases(
    makeRun((label, work) => unitOfWork(ctx, work, { label: `import: ${label}` }), forum, maps),
  )
  return report
}

async function loadState(tx: Transaction<DB>, slug: string, source: string) {
  const forum = await tx
    .selectFrom('forums')
    .select(['id', 'slug', 'vote_budget', 'max_votes_per_idea', 'voting_mode'])
    .where('slug', '=', slug)
    .executeTakeFirst()
  if (!forum) throw new NotFound(`No forum ${slug}`)
  const maps = Object.fromEntries(
    MAP_KINDS.map((k) => [k, new Map<string, number>()]),
  ) as Run['maps']
  const rows = await tx
    .selectFrom('import_mappings')
    .select(['kind', 'external_id', 'local_id'])
    .where('forum_id', '=', forum.id)
    .where('source', '=', source)
    .execute()
  for (const r of rows) maps[r.kind as MapKind].set(r.external_id, r.local_id)
  return { forum, maps }
}

export interface WriteResult {
  /** External ids created or matched in this batch, with their local ids. */
  pairs: Array<[string, number]>
  created: number
  /** Matched to an existing row (an account by e-mail, a category by name). */
  reused: number
}

/**
 * Streams one kind's rows: validated one by one, those already imported skipped, each prepared
 * (where it is adjusted or refused: outside the transaction, so a retried batch reports nothing
 * twice), the rest written in batches. The external ids a batch wrote join the map once it commits.
 */
export async function importKind<K extends Kind, P>(
  run: Run,
  kind: K,
  mapKind: MapKind,
  source: Source,
  prepare: (item: Item<K>) => P | null,
  write: (uow: UnitContext, batch: P[]) => Promise<WriteResult>,
  /** Sees every valid row, imported before or not (ideas: the merges to complete at the end). */
  observe?: (item: Item<K>) => void,
): Promise<void> {
  const map = run.maps[mapKind]
  const pending = new Set<string>()
  let batch: P[] = []
  let read = 0
  const flush = async () => {
    if (batch.length === 0) return
    const items = batch
    batch = []
    const result = await run.batch(kind, async (uow) => {
      const r = await write(uow, items)
      await recordMappings(uow.tx, run, mapKind, r.pairs)
      return r
    })
    for (const [ext, id] of result.pairs) map.set(ext, id)
    run.report.created[kind] += result.created
    run.report.skipped[kind] += result.reused
    if (kind === 'users') run.report.reusedAccounts += result.reused
    pending.clear()
    run.progress(`progress: ${kind} ${read} rows read`)
  }
  for await (const row of source.rows(kind)) {
    read++
    if (row.error !== undefined) {
      run.refuse(row, row.error)
      continue
    }
    let rec: RecordOf[K]
    try {
      rec = validateRow(kind, row.value)
    } catch (err) {
      if (!(err instanceof RowError)) throw err
      run.refuse(row, err.message)
      continue
    }
    observe?.({ rec, file: row.file, line: row.line })
    if (map.has(rec.externalId) || pending.has(rec.externalId)) {
      run.report.skipped[kind]++
      continue
    }
    const prepared = prepare({ rec, file: row.file, line: row.line })
    if (prepared === null) continue
    pending.add(rec.externalId)
    batch.push(prepared)
    if (batch.length >= run.batchSize) await flush()
  }
  await flush()
}

async function recordMappings(
  tx: Transaction<DB>,
  run: Run,
  kind: MapKind,
  pairs: Array<[string, number]>,
) {
  if (pairs.length === 0) return
  await sql`
    INSERT INTO import_mappings (forum_id, source, kind, external_id, local_id)
    SELECT ${run.forum.id}, ${run.source}, ${kind}, r.ext, r.id
      FROM jsonb_to_recordset(${JSON.stringify(pairs.map(([ext, id]) => ({ ext, id })))}::jsonb)
           AS r(ext text, id int)`.execute(tx)
}
