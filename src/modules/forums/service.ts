import { Conflict, NotFound, SlugTaken } from '../../errors.ts'
import type { VotingMode } from '../../core/domain.ts'
import type { ServiceContext } from '../../core/context.ts'
import { withRole } from '../../core/access.ts'
import { isUniqueViolation } from '../../core/db-errors.ts'
import type { Actor } from '../../core/roles.ts'
import { decodeIdCursor, pageOf } from '../../http/cursor.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import * as repo from './repository.ts'

type ForumRow = NonNullable<Awaited<ReturnType<typeof repo.forumBySlug>>>

export const forumRowToForum = (row: ForumRow) => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  description: row.description,
  voteBudget: row.vote_budget,
  maxVotesPerIdea: row.max_votes_per_idea,
  votingMode: row.voting_mode,
  categories: row.categories,
})

export async function getForum(ctx: ServiceContext, slug: string) {
  const row = await repo.forumBySlug(ctx.db, slug)
  if (!row) throw new NotFound(`No forum "${slug}"`)
  return forumRowToForum(row)
}

export async function listForums(ctx: ServiceContext, query: { limit: number; cursor?: string }) {
  const afterId = decodeIdCursor(query.cursor)
  const rows = await repo.listForums(ctx.db, { afterId, limit: query.limit + 1 })
  const page = pageOf(rows, query.limit, (r) => [r.id])
  return { items: page.items.map(forumRowToForum), nextCursor: page.nextCursor }
}

interface ForumSettings {
  name?: string
  description?: string
  voteBudget?: number
  maxVotesPerIdea?: number
  votingMode?: VotingMode
}

export async function createForum(
  ctx: ServiceContext,
  actor: Actor | null,
  input: ForumSettings & { slug: string; name: string },
) {
  withRole(actor, 'admin')
  try {
    await unitOfWork(
      ctx,
      ({ tx }) =>
        repo.insertForum(tx, {
          slug: input.slug,
          name: input.name.trim(),
          description: input.description,
          vote_budget: input.voteBudget,
          max_votes_per_idea: input.maxVotesPerIdea,
          voting_mode: input.votingMode,
        }),
      { label: 'createForum' },
    )
  } catch (err) {
    if (isUniqueViolation(err)) throw new SlugTaken(`The slug "${input.slug}" is taken`)
    throw err
  }
  return getForum(ctx, input.slug)
}

/**
 * Changes settings. Lowering the budget or the per-idea maximum takes no placed vote away: users
 * over the new limits simply cannot add votes until they are under them again. A new voting mode
 * reprices every active ballot (and so every budget) in the same unit of work: ballots never keep
 * the old mode's prices, and `tally check` holds them to the forum's current mode.
 */
export async function updateForum(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  changes: ForumSettings,
) {
  withRole(actor, 'admin')
  await unitOfWork(
    ctx,
    async ({ tx, now }) => {
      const forum = await repo.lockForum(tx, slug)
      if (!forum) throw new NotFound(`No forum "${slug}"`)
      await repo.updateForum(tx, forum.id, {
        name: changes.name?.trim(),
        description: changes.description,
        vote_budget: changes.voteBudget,
        max_votes_per_idea: changes.maxVotesPerIdea,
        voting_mode: changes.votingMode,
        updated_at: now,
      })
      if (changes.votingMode !== undefined && changes.votingMode !== forum.voting_mode) {
        await repo.repriceBallots(tx, forum.id, changes.votingMode)
      }
    },
    { label: 'updateForum' },
  )
  return getForum(ctx, slug)
}

export async function createCategory(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  name: string,
) {
  withRole(actor, 'admin')
  const forumId = await forumIdBySlug(ctx, slug)
  try {
    return await unitOfWork(ctx, ({ tx }) => repo.insertCategory(tx, forumId, name.trim()), {
      label: 'createCategory',
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict(`This forum already has a category "${name}"`)
    throw err
  }
}

/** The forum's id, or 404: the first step of every forum-scoped operation. */
export async function forumIdBySlug(ctx: ServiceContext, slug: string): Promise<number> {
  const row = await repo.forumIdBySlug(ctx.db, slug)
  if (!row) throw new NotFound(`No forum "${slug}"`)
  return row.id
}
