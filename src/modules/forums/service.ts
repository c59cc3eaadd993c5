import type { VotingMode } from '../../db/schema.ts'
import { Conflict, NotFound, SlugTaken } from '../../errors.ts'
import { decodeIdCursor, pageOf } from '../../http/cursor.ts'
import type { ServiceContext } from '../../plugins/database.ts'
import { withRole } from '../access.ts'
import { isUniqueViolation } from '../auth/service.ts'
import type { Actor } from '../auth/tokens.ts'
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
    await repo.insertForum(ctx.db, {
      slug: input.slug,
      name: input.name.trim(),
      description: input.description,
      vote_budget: input.voteBudget,
      max_votes_per_idea: input.maxVotesPerIdea,
      voting_mode: input.votingMode,
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw new SlugTaken(`The slug "${input.slug}" is taken`)
    throw err
  }
  return getForum(ctx, input.slug)
}

/**
 * Changes settings. Lowering the budget or the per-idea maximum takes no placed vote away: users
 * over the new limits simply cannot add votes until they are under them again.
 */
export async function updateForum(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  changes: ForumSettings,
) {
  withRole(actor, 'admin')
  await ctx.db.transaction().execute(async (tx) => {
    const forum = await repo.lockForum(tx, slug)
    if (!forum) throw new NotFound(`No forum "${slug}"`)
    await repo.updateForum(tx, forum.id, {
      name: changes.name?.trim(),
      description: changes.description,
      vote_budget: changes.voteBudget,
      max_votes_per_idea: changes.maxVotesPerIdea,
      voting_mode: changes.votingMode,
      updated_at: ctx.clock.now(),
    })
  })
  return getForum(ctx, slug)
}

export async function createCategory(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  name: string,
) {
  withRole(actor, 'admin')
  const forum = await getForum(ctx, slug)
  try {
    return await repo.insertCategory(ctx.db, forum.id, name.trim())
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
