// Ideas: suggest, read, edit, delete, status changes with official responses, merge, lists.
import type { Transaction } from 'kysely'
import { signedIn, withRole } from '../../core/access.ts'
import type { ServiceContext, UnitContext } from '../../core/context.ts'
import { isOpenStatus, OPEN_STATUSES, type IdeaStatus } from '../../core/domain.ts'
import { hasRole, type Actor } from '../../core/roles.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import type { DB } from '../../db/schema.ts'
import {
  Forbidden,
  InvalidTransition,
  NotFound,
  ValidationFailed,
  withFields,
} from '../../errors.ts'
import { pageOf } from '../../http/cursor.ts'
import { forumIdBySlug } from '../forums/index.ts'
import { lockVoteRules, mergeBallots, releaseBallots } from './ballots.ts'
import * as repo from './repository.ts'
import { listIdeas, type IdeaSort } from './ranking.ts'
import { normalisedTitle } from './title.ts'

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

/** A category given for an idea must be one of its forum's (read in the caller's transaction). */
async function checkCategory(
  tx: Transaction<DB>,
  forumId: number,
  categoryId: number | null | undefined,
) {
  if (categoryId === undefined || categoryId === null) return
  if (!(await repo.categoryInForum(tx, forumId, categoryId))) {
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
  const title = normalisedTitle(input.title)
  const forumId = await forumIdBySlug(ctx, slug)
  const id = await unitOfWork(
    ctx,
    async ({ tx, now }) => {
      await checkCategory(tx, forumId, input.categoryId)
      const { id } = await repo.insertIdea(tx, {
        forumId,
        authorId: author.id,
        title,
        body: input.body ?? '',
        categoryId: input.categoryId ?? null,
        at: now,
      })
      await repo.recordStatusChange(tx, {
        forumId,
        ideaId: id,
        from: null,
        to: 'open',
        actorId: author.id,
        at: now,
      })
      return id
    },
    { label: 'createIdea' },
  )
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
  const title = changes.title === undefined ? undefined : normalisedTitle(changes.title)
  await unitOfWork(
    ctx,
    async ({ tx, now }) => {
      const idea = await repo.lockIdea(tx, id)
      if (!idea) throw new NotFound('No such idea')
      if (idea.author_id !== who.id && !hasRole(who, 'developer')) {
        throw new Forbidden('Only the author or a developer can edit this idea')
      }
      await checkCategory(tx, idea.forum_id, changes.categoryId)
      await repo.updateIdea(tx, id, {
        title,
        body: changes.body,
        category_id: changes.categoryId,
        updated_at: now,
      })
    },
    { label: 'updateIdea' },
  )
  return getIdea(ctx, who, id)
}

/** The author or an admin deletes: hidden from lists, votes returned. */
export async function deleteIdea(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
): Promise<void> {
  const who = signedIn(actor)
  await unitOfWork(
    ctx,
    async (uow) => {
      const idea = await repo.lockIdea(uow.tx, id)
      if (!idea) throw new NotFound('No such idea')
      if (idea.author_id !== who.id && !hasRole(who, 'admin')) {
        throw new Forbidden('Only the author or an admin can delete this idea')
      }
      await transition(uow, [idea], 'deleted', who)
    },
    { label: 'deleteIdea' },
  )
}

/**
 * Moves ideas to a new status, keeping budgets right: closing releases every ballot (votes go back
 * to the voters, each idea keeps its count); reopening starts the count from zero. The caller holds
 * the ideas' row locks, taken in id order (and, as everywhere, before any budget lock): the
 * ballots of all of them are released at once, their budgets locked in one order.
 */
export async function transition(
  uow: UnitContext,
  ideas: readonly repo.LockedIdea[],
  to: IdeaStatus,
  actor: Actor,
  extra: { response?: (idea: repo.LockedIdea) => string; mergedInto?: number } = {},
) {
  const { tx, now } = uow
  const closing = ideas.filter((i) => isOpenStatus(i.status) && !isOpenStatus(to))
  // A merge has already moved the duplicate's ballots (mergeBallots) before it is marked merged.
  if (to !== 'merged')
    await releaseBallots(
      tx,
      closing.map((i) => i.id),
    )
  for (const idea of ideas) {
    const reopening = !isOpenStatus(idea.status) && isOpenStatus(to)
    const response = extra.response?.(idea)
    await repo.updateIdea(tx, idea.id, {
      status: to,
      updated_at: now,
      ...(reopening ? { votes: 0, voters: 0, counted_since: now } : {}),
      ...(response !== undefined
        ? { response_text: response, response_author_id: actor.id, response_at: now }
        : {}),
      ...(extra.mergedInto !== undefined ? { merged_into_id: extra.mergedInto } : {}),
    })
    await repo.recordStatusChange(tx, {
      forumId: idea.forum_id,
      ideaId: idea.id,
      from: idea.status,
      to,
      response,
      actorId: actor.id,
      at: now,
    })
  }
}

/** A developer sets the status, optionally with an official response. */
export async function setStatus(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  input: { status: IdeaStatus; response?: string },
): Promise<Idea> {
  const who = withRole(actor, 'developer')
  await unitOfWork(
    ctx,
    async (uow) => {
      const idea = await repo.lockIdea(uow.tx, id)
      if (!idea) throw new NotFound('No such idea')
      if (idea.status === 'merged') {
        throw new InvalidTransition(
          'A merged idea cannot change status; work on the idea it was merged into',
        )
      }
      await refuseIfShipped(uow.tx, idea)
      const response = input.response
      await transition(uow, [idea], input.status, who, {
        response: response === undefined ? undefined : () => response,
      })
    },
    { label: 'setStatus' },
  )
  return getIdea(ctx, who, id)
}

/**
 * An idea whose feature shipped belongs to that release's history, which is read-only: reopening
 * it would leave it linked to a shipped feature (not in triage, never promotable again).
 */
async function refuseIfShipped(tx: Transaction<DB>, idea: repo.LockedIdea) {
  if (idea.feature_id === null) return
  const shipped = await repo.shippedReleaseOfFeature(tx, idea.feature_id)
  if (shipped) {
    throw new InvalidTransition(
      `This idea shipped in release ${shipped.name}; suggest a new idea for further work`,
    )
  }
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
  await unitOfWork(
    ctx,
    async (uow) => {
      const { tx, now } = uow
      // Lock order: the forum's rules (shared), then both ideas by id, then budgets.
      const forum = await repo.forumOfIdea(tx, intoId)
      const rules = forum && (await lockVoteRules(tx, forum.forum_id))
      const locked = await repo.lockIdeas(tx, [fromId, intoId])
      const from = locked.find((i) => i.id === fromId)
      const into = locked.find((i) => i.id === intoId)
      if (!from) throw new NotFound('No such idea')
      if (!into || !rules) throw new NotFound('No idea to merge into')
      if (from.forum_id !== into.forum_id) {
        throw new InvalidTransition('Ideas can only be merged within one forum')
      }
      if (!isOpenStatus(from.status))
        throw new InvalidTransition(`This idea is ${from.status}; only open ideas can be merged`)
      if (!isOpenStatus(into.status))
        throw new InvalidTransition(`The target idea is ${into.status}; merge into an open idea`)
      await mergeBallots(tx, rules, fromId, intoId, now)
      await transition(uow, [from], 'merged', who, { mergedInto: intoId })
    },
    { label: 'mergeIdea' },
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
    const rounded = roundedEffort(effort, '/body/effort')
    await unitOfWork(
      ctx,
      async ({ tx, now }) => {
        const idea = await repo.lockIdea(tx, id)
        if (!idea) throw new NotFound('No such idea')
        await repo.updateIdea(tx, id, { effort: rounded, updated_at: now })
      },
      { label: 'setEffort' },
    )
  }
  return getIdea(ctx, who, id)
}

/** Effort is kept in tenths of a developer-week: validated after rounding, so 0.04 is refused. */
export function roundedEffort(effort: number | null, path: string): number | null {
  if (effort === null) return null
  const rounded = Math.round(effort * 10) / 10
  if (rounded <= 0) {
    throw withFields(new ValidationFailed('effort must be at least 0.1 developer-weeks'), {
      details: [{ path, message: 'must be at least 0.1 once rounded to tenths' }],
    })
  }
  return rounded
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
