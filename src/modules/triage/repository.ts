// The triage metrics of a page of ideas, each in one grouped query.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'

export async function votesGained(db: Kysely<DB>, ideaIds: number[], since7: Date, since30: Date) {
  const { rows } = await sql<{ idea_id: number; d7: number; d30: number }>`
    SELECT e.idea_id,
           coalesce(sum(e.delta) FILTER (WHERE e.at >= ${since7}), 0)::int AS d7,
           sum(e.delta)::int AS d30
      FROM vote_events e JOIN ideas i ON i.id = e.idea_id
     WHERE e.idea_id = ANY(${ideaIds}::int[]) AND e.at >= ${since30} AND e.at >= i.counted_since
       -- Redundant, but without it the planner hashed all the ideas of every forum (480 ms).
       AND i.id = ANY(${ideaIds}::int[])
     GROUP BY 1`.execute(db)
  return new Map(rows.map((r) => [r.idea_id, r]))
}

export async function commentCounts(db: Kysely<DB>, ideaIds: number[]) {
  const rows = await db
    .selectFrom('comments')
    .select(['idea_id', sql<number>`count(*)::int`.as('n')])
    .where('idea_id', 'in', ideaIds)
    .groupBy('idea_id')
    .execute()
  return new Map(rows.map((r) => [r.idea_id, r.n]))
}

/** Up to three open ideas of the same forum whose titles are similar (pg_trgm). */
export async function possibleDuplicates(db: Kysely<DB>, ideaIds: number[]) {
  const { rows } = await sql<{ id: number; duplicates: number[] }>`
    SELECT i.id, ARRAY(
             SELECT o.id FROM ideas o
              WHERE o.forum_id = i.forum_id AND o.id <> i.id AND o.title % i.title
                AND o.status IN ('open', 'under_review', 'planned', 'started')
              ORDER BY similarity(o.title, i.title) DESC, o.id
              LIMIT 3) AS duplicates
      FROM ideas i WHERE i.id = ANY(${ideaIds}::int[])`.execute(db)
  return new Map(rows.map((r) => [r.id, r.duplicates]))
}
