import { Forbidden, NotFound } from '../../errors.ts'
import { type Actor, hasRole } from '../../core/roles.ts'
import type { ServiceContext } from '../../core/context.ts'
import { signedIn } from '../../core/access.ts'
import { decodeIdCursor, pageOf } from '../../http/cursor.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import * as repo from './repository.ts'

const commentRowToComment = (row: repo.CommentRow) => ({
  id: row.id,
  body: row.body,
  author: { id: row.author_id, displayName: row.author_name },
  official: row.official,
  createdAt: row.created_at.toISOString(),
})

async function ideaOrNotFound(ctx: ServiceContext, ideaId: number) {
  const idea = await repo.visibleIdea(ctx.db, ideaId)
  if (!idea) throw new NotFound('No such idea')
  return idea
}

export async function listComments(
  ctx: ServiceContext,
  ideaId: number,
  query: { limit: number; cursor?: string },
) {
  await ideaOrNotFound(ctx, ideaId)
  const rows = await repo.listComments(ctx.db, ideaId, {
    afterId: decodeIdCursor(query.cursor),
    limit: query.limit + 1,
  })
  const page = pageOf(rows, query.limit, (r) => [r.id])
  return { items: page.items.map(commentRowToComment), nextCursor: page.nextCursor }
}

/** Members comment; only developers may mark a comment official. */
export async function addComment(
  ctx: ServiceContext,
  actor: Actor | null,
  ideaId: number,
  input: { body: string; official?: boolean },
) {
  const author = signedIn(actor)
  if (input.official && !hasRole(author, 'developer')) {
    throw new Forbidden('Only developers can post official comments')
  }
  const idea = await ideaOrNotFound(ctx, ideaId)
  const row = await unitOfWork(
    ctx,
    ({ tx, now }) =>
      repo.insertComment(tx, {
        forumId: idea.forum_id,
        ideaId,
        authorId: author.id,
        body: input.body,
        official: input.official ?? false,
        at: now,
      }),
    { label: 'addComment' },
  )
  return commentRowToComment(row)
}
