import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../db/schema.ts'

function commentView(db: Kysely<DB>) {
  return db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .select([
      'c.id',
      'c.body',
      'c.author_id',
      'u.display_name as author_name',
      'c.official',
      'c.created_at',
    ])
}
export type CommentRow = Awaited<
  ReturnType<ReturnType<typeof commentView>['executeTakeFirstOrThrow']>
>

/** Oldest first, keyset-paged by id. */
export function listComments(
  db: Kysely<DB>,
  ideaId: number,
  opts: { afterId?: number; limit: number },
) {
  let query = commentView(db).where('c.idea_id', '=', ideaId).orderBy('c.id').limit(opts.limit)
  if (opts.afterId !== undefined) query = query.where('c.id', '>', opts.afterId)
  return query.execute()
}

export async function insertComment(
  db: Transaction<DB>,
  comment: {
    forumId: number
    ideaId: number
    authorId: number
    body: string
    official: boolean
    at: Date
  },
) {
  const { id } = await db
    .insertInto('comments')
    .values({
      forum_id: comment.forumId,
      idea_id: comment.ideaId,
      author_id: comment.authorId,
      body: comment.body,
      official: comment.official,
      created_at: comment.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return commentView(db).where('c.id', '=', id).executeTakeFirstOrThrow()
}

export function visibleIdea(db: Kysely<DB>, ideaId: number) {
  return db
    .selectFrom('ideas')
    .select(['id', 'forum_id'])
    .where('id', '=', ideaId)
    .where('status', '<>', 'deleted')
    .executeTakeFirst()
}
