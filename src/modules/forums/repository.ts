import { sql, type Kysely } from 'kysely'
import type { DB, ForumUpdate, VotingMode } from '../../db/schema.ts'

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
  db: Kysely<DB>,
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

export function updateForum(db: Kysely<DB>, id: number, changes: ForumUpdate) {
  return db.updateTable('forums').set(changes).where('id', '=', id).execute()
}

/** The forum row, locked: settings changes and budget checks must not interleave. */
export function lockForum(db: Kysely<DB>, slug: string) {
  return db
    .selectFrom('forums')
    .select(forumColumns)
    .where('slug', '=', slug)
    .forUpdate()
    .executeTakeFirst()
}

export function insertCategory(db: Kysely<DB>, forumId: number, name: string) {
  return db
    .insertInto('categories')
    .values({ forum_id: forumId, name })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow()
}

export function forumIdBySlug(db: Kysely<DB>, slug: string) {
  return db.selectFrom('forums').select('id').where('slug', '=', slug).executeTakeFirst()
}
