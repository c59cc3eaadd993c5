// SQL for ideas: one projection (ideaView) used by every read, writes, and status history.
import { OPEN_STATUSES, type IdeaStatus } from '../../core/domain.ts'
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely'
import type { DB } from '../../db/schema.ts'

/** Ideas with everything the API shows, including the viewer's own votes. */
export function ideaView(db: Kysely<DB>, viewerId: number | null) {
  return db
    .selectFrom('ideas as i')
    .innerJoin('forums as f', 'f.id', 'i.forum_id')
    .innerJoin('users as a', 'a.id', 'i.author_id')
    .leftJoin('categories as c', 'c.id', 'i.category_id')
    .leftJoin('users as ra', 'ra.id', 'i.response_author_id')
    .leftJoin('ballots as mine', (join) =>
      join
        .onRef('mine.idea_id', '=', 'i.id')
        .on('mine.user_id', '=', viewerId ?? 0)
        .on('mine.released', '=', false),
    )
    .select([
      'i.id',
      'i.forum_id',
      'f.slug as forum_slug',
      'i.title',
      'i.body',
      'i.status',
      'i.category_id',
      'c.name as category_name',
      'i.author_id',
      'a.display_name as author_name',
      'i.votes',
      'i.voters',
      'mine.votes as my_votes',
      'i.response_text',
      'i.response_author_id',
      'ra.display_name as response_author_name',
      'i.response_at',
      'i.merged_into_id',
      'i.feature_id',
      'i.effort',
      'i.created_at',
      'i.updated_at',
    ])
}

export type IdeaViewRow = Awaited<
  ReturnType<ReturnType<typeof ideaView>['executeTakeFirstOrThrow']>
>

export function ideaById(db: Kysely<DB>, id: number, viewerId: number | null) {
  return ideaView(db, viewerId)
    .where('i.id', '=', id)
    .where('i.status', '<>', 'deleted')
    .executeTakeFirst()
}

export function insertIdea(
  db: Transaction<DB>,
  idea: {
    forumId: number
    authorId: number
    title: string
    body: string
    categoryId: number | null
    at: Date
  },
) {
  return db
    .insertInto('ideas')
    .values({
      forum_id: idea.forumId,
      author_id: idea.authorId,
      title: idea.title,
      body: idea.body,
      category_id: idea.categoryId,
      counted_since: idea.at,
      created_at: idea.at,
      updated_at: idea.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/** The forum an idea belongs to (ideas never move): read first, to lock the forum before the idea. */
export function forumOfIdea(db: Transaction<DB>, id: number) {
  return db.selectFrom('ideas').select('forum_id').where('id', '=', id).executeTakeFirst()
}

/** The idea row, locked for a status change, merge or edit. Deleted ideas count as missing. */
export function lockIdea(db: Transaction<DB>, id: number) {
  return db
    .selectFrom('ideas')
    .select(['id', 'forum_id', 'author_id', 'status', 'category_id', 'feature_id'])
    .where('id', '=', id)
    .where('status', '<>', 'deleted')
    .forUpdate()
    .executeTakeFirst()
}
export type LockedIdea = NonNullable<Awaited<ReturnType<typeof lockIdea>>>

/** Locks several ideas in id order (the global lock order), returning those that exist. */
export function lockIdeas(db: Transaction<DB>, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db
    .selectFrom('ideas')
    .select(['id', 'forum_id', 'author_id', 'status', 'category_id', 'feature_id'])
    .where('id', 'in', [...ids])
    .where('status', '<>', 'deleted')
    .orderBy('id')
    .forUpdate()
    .execute()
}

export function updateIdea(
  db: Transaction<DB>,
  id: number,
  changes: Partial<{
    title: string
    body: string
    category_id: number | null
    status: IdeaStatus
    votes: number
    voters: number
    counted_since: Date
    response_text: string
    response_author_id: number
    response_at: Date
    merged_into_id: number
    effort: number | null
    updated_at: Date
  }>,
) {
  return db.updateTable('ideas').set(changes).where('id', '=', id).execute()
}

export function recordStatusChange(
  db: Transaction<DB>,
  change: {
    forumId: number
    ideaId: number
    from: IdeaStatus | null
    to: IdeaStatus
    response?: string | null
    actorId: number | null
    at: Date
  },
) {
  return db
    .insertInto('idea_status_changes')
    .values({
      forum_id: change.forumId,
      idea_id: change.ideaId,
      from_status: change.from,
      to_status: change.to,
      response: change.response ?? null,
      actor_id: change.actorId,
      at: change.at,
    })
    .execute()
}

/** The release an idea's feature shipped in, if it did: such an idea is part of history. */
export function shippedReleaseOfFeature(db: Transaction<DB>, featureId: number) {
  return db
    .selectFrom('features as f')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .select('r.name')
    .where('f.id', '=', featureId)
    .where('r.released_at', 'is not', null)
    .executeTakeFirst()
}

export function categoryInForum(db: Kysely<DB>, forumId: number, categoryId: number) {
  return db
    .selectFrom('categories')
    .select('id')
    .where('forum_id', '=', forumId)
    .where('id', '=', categoryId)
    .executeTakeFirst()
}

export function statusHistory(db: Kysely<DB>, ideaId: number) {
  return db
    .selectFrom('idea_status_changes as h')
    .leftJoin('users as u', 'u.id', 'h.actor_id')
    .select([
      'h.from_status',
      'h.to_status',
      'h.response',
      'h.actor_id',
      'u.display_name as actor_name',
      'h.at',
    ])
    .where('h.idea_id', '=', ideaId)
    .orderBy('h.id')
    .execute()
}

/** Net votes placed per day over the last `days` days (UTC days). */
export function votesByDay(db: Kysely<DB>, ideaId: number, since: Date) {
  return db
    .selectFrom('vote_events')
    .select([
      sql<string>`to_char(date_trunc('day', at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`.as('day'),
      sql<number>`sum(delta)::int`.as('delta'),
    ])
    .where('idea_id', '=', ideaId)
    .where('at', '>=', since)
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute()
}

/** Possible duplicates of a title being typed: trigram similarity, whole title or its words. */
export function similarTitles(db: Kysely<DB>, forumId: number, title: string, limit: number) {
  const similarity = sql<number>`greatest(similarity(title, ${title}), word_similarity(${title}, title))::float8`
  return db
    .selectFrom('ideas')
    .select(['id', 'title', 'status', 'votes', similarity.as('similarity')])
    .where('forum_id', '=', forumId)
    .where('status', 'not in', ['merged', 'deleted'])
    .where(sql<SqlBool>`(title % ${title} OR ${title} <% title)`)
    .orderBy(similarity, 'desc')
    .orderBy('votes', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/** Ideas the release plan may choose from: open, not yet planned as a feature. */
export function planCandidates(db: Kysely<DB>, forumId: number) {
  return db
    .selectFrom('ideas')
    .select(['id', 'title', 'votes', 'effort'])
    .where('forum_id', '=', forumId)
    .where('status', 'in', OPEN_STATUSES)
    .where('feature_id', 'is', null)
    .orderBy('votes', 'desc')
    .orderBy('id')
    .execute()
}
