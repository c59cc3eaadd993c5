// Ideas: suggest, read, edit, delete, status changes with official responses, merge, lists.
import { isOpenStatus, OPEN_STATUSES, type IdeaStatus } from '../../db/schema.ts'
import {
  Forbidden,
  InvalidTransition,
  NotFound,
  ValidationFailed,
  withFields,
} from '../../errors.ts'
import { pageOf } from '../../http/cursor.ts'
import type { ServiceContext } from '../../plugins/database.ts'
import { hasRole } from '../../plugins/auth.ts'
import { signedIn, withRole } from '../access.ts'
import type { Actor } from '../auth/tokens.ts'
import { forumIdBySlug } from '../forums/service.ts'
import * as repo from './repository.ts'
import { listIdeas, type IdeaSort } from './ranking.ts'
import { retryOnDeadlock } from '../../db/retry.ts'

export const ideaRowToIdea = (row: repo.IdeaViewRow) => ({
  id: row.id,
  forumSlug: row.forum_slug,
  title: row.title,
  body: row.body,
  status: row.status,
  category:
    row.category_id !== null ? { id: row.category_id, name: row.category_name ?? '' } : null,
  author: { id: row.author_id, displayName: row.author_name },
  votes: row.votes,
  voters: row.voters,
  myVotes: row.my_votes ?? 0,
  response:
    row.response_text !== null && row.response_at !== null
      ? {
          text: row.response_text,
          author: { id: row.response_author_id ?? 0, displayName: row.response_author_name ?? '' },
          at: row.response_at.toISOString(),
        }
      : null,
  mergedInto: row.merged_into_id,
  featureId: row.feature_id,
  effort: row.effort,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
})
export type Idea = ReturnType<typeof ideaRowToIdea>

export async function getIdea(ctx: ServiceContext, actor: Actor | null, id: number): Promise<Idea> {
  const row = await repo.ideaById(ctx.db, id, actor?.id ?? null)
  if (!row) throw new NotFound('No such idea')
  return ideaRowToIdea(row)
}

async function checkCategory(
  ctx: ServiceContext,
  forumId: number,
  categoryId: number | null | undefined,
) {
  if (categoryId === undefined || categoryId === null) return
  if (!(await repo.categoryInForum(ctx.db, forumId, categoryId))) {
    throw withFields(new ValidationFailed('categoryId is not a category of this forum'), {
      details: [{ path: '/body/categoryId', message: 'is not a category of this forum' }],
    })
  }
}

export async function createIdea(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: { title: string; body?: string; categoryId?: number },
): Promise<Idea> {
  const author = signedIn(actor)
  const forumId = await forumIdBySlug(ctx, slug)
  await checkCategory(ctx, forumId, input.categoryId)
  const at = ctx.clock.now()
  const id = await ctx.db.transaction().execute(async (tx) => {
    await ctx.inTransaction?.(tx)
    const { id } = await repo.insertIdea(tx, {
      forumId,
      authorId: author.id,
      title: input.title.trim(),
      body: input.body ?? '',
      categoryId: input.categoryId ?? null,
      at,
    })
    await repo.recordStatusChange(tx, {
      forumId,
      ideaId: id,
      from: null,
      to: 'open',
      actorId: author.id,
      at,
    })
    return id
  })
  return getIdea(ctx, author, id)
}

/** The author or a developer edits title, body or category. */
export async function updateIdea(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  changes: { title?: string; body?: string; categoryId?: number | null },
): Promise<Idea> {
  const who = signedIn(actor)
  await ctx.db.transaction().execute(async (tx) => {
    const idea = await repo.lockIdea(tx, id)
    if (!idea) throw new NotFound('No such idea')
    if (idea.author_id !== who.id && !hasRole(who, 'developer')) {
      throw new Forbidden('Only the author or a developer can edit this idea')
    }
    await checkCategory(ctx, idea.forum_id, changes.categoryId)
    await repo.updateIdea(tx, id, {
      title: changes.title?.trim(),
      body: changes.body,
      category_id: changes.categoryId,
      updated_at: ctx.clock.now(),
    })
  })
  return getIdea(ctx, who, id)
}

/** The author or an admin deletes: hidden from lists, votes returned. */
export async function deleteIdea(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
): Promise<void> {
  const who = signedIn(actor)
  await retryOnDeadlock(() =>
    ctx.db.transaction().execute(async (tx) => {
      const idea = await repo.lockIdea(tx, id)
      if (!idea) throw new NotFound('No such idea')
      if (idea.author_id !== who.id && !hasRole(who, 'admin')) {
        throw new Forbidden('Only the author or an admin can delete this idea')
      }
      await transition(ctx, tx, idea, 'deleted', who)
    }),
  )
}

/**
 * Moves an idea to a new status, keeping budgets right: closing releases every ballot (votes go
 * back to the voters, the idea keeps its count); reopening starts the count from zero. The caller
 * holds the idea's row lock (and, as everywhere, takes idea locks before budget locks).
 */
export async function transition(
  ctx: ServiceContext,
  tx: ServiceContext['db'],
  idea: repo.LockedIdea,
  to: IdeaStatus,
  actor: Actor,
  extra: { response?: string; mergedInto?: number } = {},
) {
  const at = ctx.clock.now()
  const wasOpen = isOpenStatus(idea.status)
  const willBeOpen = isOpenStatus(to)
  if (wasOpen && !willBeOpen && to !== 'merged') await repo.releaseBallots(tx, idea.id)
  await repo.updateIdea(tx, idea.id, {
    status: to,
    updated_at: at,
    ...(!wasOpen && willBeOpen ? { votes: 0, voters: 0, counted_since: at } : {}),
    ...(extra.response !== undefined
      ? { response_text: extra.response, response_author_id: actor.id, response_at: at }
      : {}),
    ...(extra.mergedInto !== undefined ? { merged_into_id: extra.mergedInto } : {}),
  })
  await repo.recordStatusChange(tx, {
    forumId: idea.forum_id,
    ideaId: idea.id,
    from: idea.status,
    to,
    response: extra.response,
    actorId: actor.id,
    at,
  })
}

/** A developer sets the status, optionally with an official response. */
export async function setStatus(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  input: { status: IdeaStatus; response?: string },
): Promise<Idea> {
  const who = withRole(actor, 'developer')
  await retryOnDeadlock(() =>
    ctx.db.transaction().execute(async (tx) => {
      const idea = await repo.lockIdea(tx, id)
      if (!idea) throw new NotFound('No such idea')
      if (idea.status === 'merged') {
        throw new InvalidTransition(
          'A merged idea cannot change status; work on the idea it was merged into',
        )
      }
      await transition(ctx, tx, idea, input.status, who, { response: input.response })
    }),
  )
  return getIdea(ctx, who, id)
}

/** A developer merges a duplicate into another idea of the same forum; returns the target. */
export async function mergeIdea(
  ctx: ServiceContext,
  actor: Actor | null,
  fromId: number,
  intoId: number,
): Promise<Idea> {
  const who = withRole(actor, 'developer')
  if (fromId === intoId) throw new InvalidTransition('An idea cannot be merged into itself')
  await retryOnDeadlock(() =>
    ctx.db.transaction().execute(async (tx) => {
      const locked = await repo.lockIdeas(tx, [fromId, intoId])
      const from = locked.find((i) => i.id === fromId)
      const into = locked.find((i) => i.id === intoId)
      if (!from) throw new NotFound('No such idea')
      if (!into) throw new NotFound('No idea to merge into')
      if (from.forum_id !== into.forum_id) {
        throw new InvalidTransition('Ideas can only be merged within one forum')
      }
      if (!isOpenStatus(from.status))
        throw new InvalidTransition(`This idea is ${from.status}; only open ideas can be merged`)
      if (!isOpenStatus(into.status))
        throw new InvalidTransition(`The target idea is ${into.status}; merge into an open idea`)
      await repo.mergeBallots(tx, fromId, intoId, ctx.clock.now())
      await transition(ctx, tx, from, 'merged', who, { mergedInto: intoId })
    }),
  )
  return getIdea(ctx, who, intoId)
}

/** A developer records (or clears) an effort estimate in developer-weeks. */
export async function setEffort(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  effort: number | null | undefined,
): Promise<Idea> {
  const who = withRole(actor, 'developer')
  if (effort !== undefined) {
    const rounded = effort === null ? null : Math.round(effort * 10) / 10
    if (rounded === 0) {
      throw withFields(new ValidationFailed('effort must be at least 0.1 developer-weeks'), {
        details: [{ path: '/body/effort', message: 'must be at least 0.1' }],
      })
    }
    await ctx.db.transaction().execute(async (tx) => {
      const idea = await repo.lockIdea(tx, id)
      if (!idea) throw new NotFound('No such idea')
      await repo.updateIdea(tx, id, { effort: rounded, updated_at: ctx.clock.now() })
    })
  }
  return getIdea(ctx, who, id)
}

export interface ListQuery {
  sort?: 'top' | 'new' | 'trending' | 'hot'
  status?: string
  categoryId?: number
  q?: string
  limit: number
  cursor?: string
}

export async function listForumIdeas(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  query: ListQuery,
) {
  const forumId = await forumIdBySlug(ctx, slug)
  const statuses = query.status ? (query.status.split(',') as IdeaStatus[]) : [...OPEN_STATUSES]
  const search = query.q?.trim() || undefined
  // With a search and no explicit sort, the best matches come first.
  const sort: IdeaSort = query.sort ?? (search ? 'relevance' : 'top')
  const rows = await listIdeas(ctx.db, {
    forumId,
    statuses: [...new Set(statuses)],
    categoryId: query.categoryId,
    search,
    sort,
    limit: query.limit,
    cursor: query.cursor,
    now: ctx.clock.now(),
    viewerId: actor?.id ?? null,
  })
  const page = pageOf(rows, query.limit, (r) => r.sort_key)
  return { items: page.items.map(ideaRowToIdea), nextCursor: page.nextCursor }
}

export async function similarIdeas(ctx: ServiceContext, slug: string, title: string) {
  const forumId = await forumIdBySlug(ctx, slug)
  const rows = await repo.similarTitles(ctx.db, forumId, title.trim(), 5)
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      votes: r.votes,
      similarity: Math.round(r.similarity * 1000) / 1000,
    })),
  }
}

export async function statusHistory(ctx: ServiceContext, id: number) {
  await getIdea(ctx, null, id)
  const rows = await repo.statusHistory(ctx.db, id)
  return {
    items: rows.map((r) => ({
      from: r.from_status,
      to: r.to_status,
      response: r.response,
      actor: r.actor_id !== null ? { id: r.actor_id, displayName: r.actor_name ?? '' } : null,
      at: r.at.toISOString(),
    })),
  }
}

export async function voteHistory(ctx: ServiceContext, id: number, days: number) {
  await getIdea(ctx, null, id)
  const since = new Date(ctx.clock.now().getTime() - days * 86_400_000)
  return { items: await repo.votesByDay(ctx.db, id, since) }
}
