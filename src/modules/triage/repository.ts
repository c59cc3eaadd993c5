// The triage metrics of a page of ideas, each in one grouped query.
import { OPEN_STATUS_LIST } from '../../db/sql-fragments.ts'
import { sql, type Kysely, type Transaction } from 'kysely'
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

/** Shared with the title trigger of migration 202611280100_duplicate_hints.sql. */
const TITLES_LOCK = 7240415
/** How many similar titles a hint row keeps, whatever their status; the reader takes 3 open. */
const KEPT_CANDIDATES = 20

/** Up to three open ideas of the same forum whose titles are similar (pg_trgm), most similar first. */
export async function possibleDuplicates(db: Kysely<DB>, ideaIds: number[]) {
  const { rows } = await sql<{ id: number; duplicates: number[] }>`
    SELECT h.idea_id AS id, ARRAY(
             SELECT c.id FROM unnest(h.candidate_ids) WITH ORDINALITY AS u(id, n)
               JOIN ideas c ON c.id = u.id
              WHERE c.status IN ${OPEN_STATUS_LIST}
              ORDER BY u.n
              LIMIT 3) AS duplicates
      FROM idea_duplicate_hints h WHERE h.idea_id = ANY(${ideaIds}::int[])`.execute(db)
  return new Map(rows.map((r) => [r.id, r.duplicates]))
}

/** The ideas among these that have no hints yet (new, retitled, or near one that is). */
export async function ideasWithoutHints(db: Kysely<DB>, ideaIds: number[]) {
  const { rows: known } = await sql<{ idea_id: number }>`
    SELECT idea_id FROM idea_duplicate_hints WHERE idea_id = ANY(${ideaIds}::int[])`.execute(db)
  return known.length < ideaIds.length
}

/** Computes and keeps the hints of the ideas that have none. */
export async function fillDuplicateHints(tx: Transaction<DB>, forumId: number, ideaIds: number[]) {
  {
    await sql`SELECT pg_advisory_xact_lock_shared(${TITLES_LOCK}, ${forumId})`.execute(tx)
    await sql`
      INSERT INTO idea_duplicate_hints (idea_id, candidate_ids)
      SELECT i.id, ARRAY(
               SELECT o.id FROM ideas o
                WHERE o.forum_id = i.forum_id AND o.id <> i.id AND o.title % i.title
                ORDER BY similarity(o.title, i.title) DESC, o.id
                LIMIT ${KEPT_CANDIDATES})
        FROM ideas i
       WHERE i.id = ANY(${ideaIds}::int[]) AND i.forum_id = ${forumId}
         AND NOT EXISTS (SELECT 1 FROM idea_duplicate_hints h WHERE h.idea_id = i.id)
      ON CONFLICT (idea_id) DO NOTHING`.execute(tx)
  }
}
