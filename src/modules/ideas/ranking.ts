// The named rankings of DESIGN.md §4, in one place: how each sorts, and the keyset it pages by.
// Every key ends in the idea id, so it is unique and a cursor names one position exactly.
import type { IdeaStatus } from '../../core/domain.ts'
import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely'
import type { DB } from '../../db/schema.ts'
import { decodeCursor, type CursorValue } from '../../http/cursor.ts'
import { ideaView } from './repository.ts'

export type IdeaSort = 'top' | 'new' | 'trending' | 'hot' | 'relevance' | 'value'

export const TRENDING_WINDOW_DAYS = 7

interface KeyPart {
  expr: Expression<unknown>
  /** What a cursor may hold for this part: checked before it reaches SQL. */
  kind: 'int' | 'float'
}

interface Ranking {
  /** The sort key, highest first; compared as a row against the cursor. */
  key: (search: string | undefined) => KeyPart[]
  /**
   * No index gives this order, so every matching idea is sorted: rank the bare idea rows first and
   * join the page alone to authors, categories and ballots, instead of sorting them all joined.
   */
  rankFirst?: boolean
}

const int = (expr: Expression<unknown>): KeyPart => ({ expr, kind: 'int' })
const float = (expr: Expression<unknown>): KeyPart => ({ expr, kind: 'float' })

const trend = sql<number>`coalesce(tr.gained, 0)`
const rank = (search: string) =>
  sql<number>`ts_rank_cd(i.search, websearch_to_tsquery('english', ${search}))::float8`

// "top": most votes, then more voters, then older (smaller id, hence -id highest first).
const RANKINGS: Record<IdeaSort, Ranking> = {
  top: { key: () => [int(sql`i.votes`), int(sql`i.voters`), int(sql`-i.id`)] },
  new: { key: () => [float(sql`tally_epoch(i.created_at)`), int(sql`i.id`)] },
  hot: { key: () => [float(sql`i.hot`), int(sql`i.id`)] },
  trending: {
    key: () => [int(trend), int(sql`i.votes`), int(sql`i.voters`), int(sql`-i.id`)],
    rankFirst: true,
  },
  relevance: { key: (search) => [float(rank(search ?? '')), int(sql`-i.id`)], rankFirst: true },
  // Votes per developer-week of estimated effort; ideas without an estimate come last.
  value: {
    key: () => [
      int(sql`(i.effort IS NOT NULL)::int`),
      float(sql`coalesce(i.votes / i.effort, 0)::float8`),
      int(sql`i.votes`),
      int(sql`-i.id`),
    ],
    rankFirst: true,
  },
}

const INT_MAX = 2_147_483_647
const fits = (value: CursorValue, kind: KeyPart['kind']) =>
  typeof value === 'number' &&
  (kind === 'float' || (Number.isInteger(value) && Math.abs(value) <= INT_MAX))

export interface ListFilter {
  forumId: number
  statuses: readonly IdeaStatus[]
  categoryId?: number
  search?: string
  sort: IdeaSort
  limit: number
  cursor?: string
  now: Date
  viewerId: number | null
  /** Only ideas not yet promoted to a release feature (the triage view). */
  unpromotedOnly?: boolean
}

/** The list query, unexecuted (tests EXPLAIN it to prove the index scan). */
export function listIdeasQuery(db: Kysely<DB>, filter: ListFilter) {
  const ranking = RANKINGS[filter.sort]
  const parts = ranking.key(filter.search)
  const key = parts.map((p) => p.expr)
  const conditions = listConditions(filter, parts)
  if (!ranking.rankFirst) {
    // Index-ordered sorts: the index scan stops after a page, already joined row by row.
    let query = ideaView(db, filter.viewerId).select(sortKey(key))
    for (const condition of conditions) query = query.where(condition)
    for (const part of key) query = query.orderBy(part, 'desc')
    return query.limit(filter.limit + 1)
  }
  // The page's ids (and, for trending, the votes gained) from the narrow rows; then the page alone
  // joined to the rest. The outer key repeats the inner one in the same snapshot, so the order is
  // the same; `tr` names the inner page so that the trend expression reads its `gained` column.
  let ranked = db
    .selectFrom('ideas as i')
    .select(['i.id', (filter.sort === 'trending' ? trend : sql<number>`NULL::bigint`).as('gained')])
  if (filter.sort === 'trending') ranked = withTrend(db, ranked, filter)
  for (const condition of conditions) ranked = ranked.where(condition)
  for (const part of key) ranked = ranked.orderBy(part, 'desc')
  let query = ideaView(db, filter.viewerId)
    .innerJoin(ranked.limit(filter.limit + 1).as('tr'), 'tr.id', 'i.id')
    .select(sortKey(key))
  for (const part of key) query = query.orderBy(part, 'desc')
  return query.limit(filter.limit + 1)
}

const sortKey = (key: Expression<unknown>[]) =>
  sql<CursorValue[]>`json_build_array(${sql.join(key)})`.as('sort_key')

/** The filters, search and cursor of a list, as conditions on `ideas as i` (and `tr`). */
function listConditions(filter: ListFilter, parts: KeyPart[]): Expression<SqlBool>[] {
  const key = parts.map((p) => p.expr)
  const conditions = [
    sql<SqlBool>`i.forum_id = ${filter.forumId}`,
    sql<SqlBool>`i.status IN (${sql.join(filter.statuses)})`,
  ]
  if (filter.categoryId !== undefined) {
    conditions.push(sql<SqlBool>`i.category_id = ${filter.categoryId}`)
  }
  if (filter.unpromotedOnly) conditions.push(sql<SqlBool>`i.feature_id IS NULL`)
  if (filter.search !== undefined) {
    conditions.push(sql<SqlBool>`i.search @@ websearch_to_tsquery('english', ${filter.search})`)
  }
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor, key.length, (v, i) => fits(v, parts[i]!.kind))
    conditions.push(sql<SqlBool>`(${sql.join(key)}) < (${sql.join(after.map((v) => sql.val(v)))})`)
  }
  return conditions
}

/** Joins `tr`: the net votes each idea of the forum gained in the trending window. */
function withTrend<Q extends SelectQueryBuilder<DB & { i: DB['ideas'] }, 'i', object>>(
  db: Kysely<DB>,
  query: Q,
  filter: ListFilter,
): Q {
  const since = new Date(filter.now.getTime() - TRENDING_WINDOW_DAYS * 86_400_000)
  // The forum's recent events are aggregated once and joined; `tr` is only referenced through
  // the raw `trend` expression, so the query keeps its type.
  return query.leftJoin(
    db
      .selectFrom('vote_events as e')
      .select(['e.idea_id', sql<number>`sum(e.delta)`.as('gained')])
      .where('e.forum_id', '=', filter.forumId)
      .where('e.at', '>=', since)
      // Votes from before a reopening were released with the close; they do not trend. Only an
      // idea created or reopened inside the window can have such votes, so only those few ideas
      // are looked up (ideas_forum_counted_since_idx), not every idea of the forum.
      .where(
        sql<SqlBool>`NOT EXISTS (
          SELECT 1 FROM ideas r
           WHERE r.forum_id = ${filter.forumId} AND r.counted_since > ${since}
             AND r.id = e.idea_id AND r.counted_since > e.at)`,
      )
      .groupBy('e.idea_id')
      .as('tr'),
    (join) => join.onRef('tr.idea_id', '=', 'i.id'),
  ) as unknown as Q
}

export function listIdeas(db: Kysely<DB>, filter: ListFilter) {
  return listIdeasQuery(db, filter).execute()
}
