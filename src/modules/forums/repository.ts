import { sql, type Kysely, type Transaction } from 'kysely'
import type { VotingMode } from '../../core/domain.ts'
import type { DB, ForumUpdate } from '../../db/schema.ts'

const forumColumns = [
  'forums.id',
  'forums.slug',
  'forums.name',
  'forums.description',
  'forums.vote_budget',
  'forums.max_votes_per_idea',
  'forums.voting_mode',
] as const

// Categories come along in the same query, ordered by name.
const categoriesJson = sql<{ id: number; name: string }[]>`coalesce((
  SELECT json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY lower(c.name), c.id)
  FROM categories c WHERE c.forum_id = forums.id), '[]'::json)`.as('categories')

export function forumBySlug(db: Kysely<DB>, slug: string) {
  return db
    .selectFrom('forums')
    .select([...forumColumns, categoriesJson])
    .where('slug', '=', slug)
    .executeTakeFirst()
}

export function listForums(db: Kysely<DB>, opts: { afterId?: number; limit: number }) {
  let query = db
    .selectFrom('forums')
    .select([...forumColumns, categoriesJson])
    .orderBy('id')
    .limit(opts.limit)
  if (opts.afterId !== undefined) query = query.where('id', '>', opts.afterId)
  return query.execute()
}

export function insertForum(
  db: Transaction<DB>,
  forum: {
    slug: string
    name: string
    description?: string
    vote_budget?: number
    max_votes_per_idea?: number
    voting_mode?: VotingMode
  },
) {
  return db.insertInto('forums').values(forum).returning('id').executeTakeFirstOrThrow()
}

export function updateForum(db: Transaction<DB>, id: number, changes: ForumUpdate) {
  return db.updateTable('forums').set(changes).where('id', '=', id).execute()
}

/** The forum row, locked: settings changes and budget checks must not interleave. */
export function lockForum(db: Transaction<DB>, slug: string) {
  return db
    .selectFrom('forums')
    .select(forumColumns)
    .where('slug', '=', slug)
    .forUpdate()
    .executeTakeFirst()
}

export function insertCategory(db: Transaction<DB>, forumId: number, name: string) {
  return db
    .insertInto('categories')
    .values({ forum_id: forumId, name })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow()
}

export function forumIdBySlug(db: Kysely<DB>, slug: string) {
  return db.selectFrom('forums').select('id').where('slug', '=', slug).executeTakeFirst()
}

/**
 * Reprices the forum's active ballots for a new voting mode and recomputes its voters' budgets,
 * under the forum's update lock (votes take it shared first, so none is priced by the old rules
 * meanwhile). A budget may end above the limit: like a lowered budget, nothing is taken away.
 */
export async function repriceBallots(db: Transaction<DB>, forumId: number, mode: VotingMode) {
  const cost = mode === 'quadratic' ? sql`votes * votes` : sql`votes`
  await sql`
    SELECT 1 FROM budgets WHERE forum_id = ${forumId} ORDER BY user_id FOR UPDATE`.execute(db)
  await sql`
    UPDATE ballots SET cost = ${cost}
     WHERE forum_id = ${forumId} AND NOT released AND cost <> ${cost}`.execute(db)
  await sql`
    UPDATE budgets bu SET spent = coalesce(s.spent, 0)
      FROM budgets b
      LEFT JOIN (SELECT user_id, sum(cost)::int AS spent FROM ballots
                  WHERE forum_id = ${forumId} AND NOT released GROUP BY user_id) s
        ON s.user_id = b.user_id
     WHERE bu.forum_id = ${forumId} AND b.forum_id = bu.forum_id AND b.user_id = bu.user_id
       AND bu.spent <> coalesce(s.spent, 0)`.execute(db)
}
