// Releases: milestones (with a history of slips), the phase they imply, the features they track,
// the plan of what fits before the freeze, and shipping.
import { withRole } from '../../core/access.ts'
import type { ServiceContext, UnitContext } from '../../core/context.ts'
import { isUniqueViolation } from '../../core/db-errors.ts'
import type { Actor } from '../../core/roles.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import {
  Conflict,
  InvalidTransition,
  NotFound,
  ValidationFailed,
  withFields,
} from '../../errors.ts'
import { decodeIdCursor, pageOf } from '../../http/cursor.ts'
import * as features from '../features/index.ts'
import { forumIdBySlug } from '../forums/index.ts'
import { lockIdeas, planCandidates, transition } from '../ideas/index.ts'
import { milestonesInOrder, phaseOf } from './phase.ts'
import { bestPlan } from './plan.ts'
import { reportData } from './report.ts'
import * as repo from './repository.ts'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/**
 * Releases as the API shows them. Set queries, whatever the number of releases: their slips, and
 * their features with linked ideas and demand (four queries for a page of twenty, not sixty-one).
 */
async function toReleases(ctx: ServiceContext, rows: repo.ReleaseRow[]) {
  const ids = rows.map((r) => r.id)
  // Slips and features are independent reads: fetched concurrently, not one after the other.
  const [slips, featureList] = await Promise.all([
    repo.slipsOf(ctx.db, ids),
    features.featuresOfReleases(ctx.db, ids).then((f) => features.toFeatures(ctx.db, f)),
  ])
  const now = ctx.clock.now()
  return rows.map((row) => ({
    id: row.id,
    forumSlug: row.forum_slug,
    name: row.name,
    phase: phaseOf(row, now),
    featureFreezeAt: row.feature_freeze_at.toISOString(),
    codeFreezeAt: iso(row.code_freeze_at),
    firstRcAt: iso(row.first_rc_at),
    releaseAt: row.release_at.toISOString(),
    releasedAt: iso(row.released_at),
    capacity: row.capacity,
    updatedAt: row.updated_at.toISOString(),
    slips: slips
      .filter((s) => s.release_id === row.id)
      .map((s) => ({
        from: s.from_at.toISOString(),
        to: s.to_at.toISOString(),
        at: s.at.toISOString(),
        reason: s.reason,
      })),
    features: featureList.filter((f) => f.releaseId === row.id),
  }))
}
export type Release = Awaited<ReturnType<typeof toReleases>>[number]

export async function getRelease(ctx: ServiceContext, id: number): Promise<Release> {
  const row = await repo.releaseById(ctx.db, id)
  if (!row) throw new NotFound('No such release')
  return (await toReleases(ctx, [row]))[0]!
}

export async function listReleases(
  ctx: ServiceContext,
  slug: string,
  query: { limit: number; cursor?: string },
) {
  const forumId = await forumIdBySlug(ctx, slug)
  const rows = await repo.releasesOfForum(ctx.db, forumId, {
    before: decodeIdCursor(query.cursor),
    limit: query.limit + 1,
  })
  const page = pageOf(rows, query.limit, (r) => [r.id])
  return { items: await toReleases(ctx, page.items), nextCursor: page.nextCursor }
}

function outOfOrder() {
  return withFields(
    new ValidationFailed(
      'Milestones must be in order: feature freeze ≤ code freeze ≤ first RC ≤ release',
    ),
    {
      details: [{ path: '/body', message: 'milestones are out of order' }],
    },
  )
}

const date = (value: string | null | undefined) => (value == null ? value : new Date(value))

export async function createRelease(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: {
    name: string
    featureFreezeAt: string
    releaseAt: string
    codeFreezeAt?: string
    firstRcAt?: string
    capacity?: number
  },
) {
  const who = withRole(actor, 'coordinator')
  const forumId = await forumIdBySlug(ctx, slug)
  const milestones = {
    feature_freeze_at: new Date(input.featureFreezeAt),
    code_freeze_at: date(input.codeFreezeAt) ?? null,
    first_rc_at: date(input.firstRcAt) ?? null,
    release_at: new Date(input.releaseAt),
  }
  if (!milestonesInOrder(milestones)) throw outOfOrder()
  const capacity = input.capacity === undefined ? null : roundedCapacity(input.capacity)
  try {
    const { id } = await unitOfWork(
      ctx,
      ({ tx, now }) =>
        repo.insertRelease(tx, {
          forum_id: forumId,
          name: input.name.trim(),
          ...milestones,
          capacity,
          coordinator_id: who.id,
          created_at: now,
          updated_at: now,
        }),
      { label: 'createRelease' },
    )
    return getRelease(ctx, id)
  } catch (err) {
    if (isUniqueViolation(err))
      throw new Conflict(`This forum already has a release "${input.name}"`)
    throw err
  }
}

/** Capacity is kept in tenths of a developer-week: validated after rounding, so 0.04 is refused. */
function roundedCapacity(capacity: number | null): number | null {
  if (capacity === null) return null
  const rounded = Math.round(capacity * 10) / 10
  if (rounded <= 0) {
    throw withFields(new ValidationFailed('capacity must be at least 0.1 developer-weeks'), {
      details: [{ path: '/body/capacity', message: 'must be at least 0.1 once rounded to tenths' }],
    })
  }
  return rounded
}

/** Milestones and capacity; moving the release date later records a slip. */
export async function updateRelease(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  input: {
    name?: string
    featureFreezeAt?: string
    codeFreezeAt?: string | null
    firstRcAt?: string | null
    releaseAt?: string
    capacity?: number | null
    slipReason?: string
  },
) {
  const who = withRole(actor, 'coordinator')
  const capacity = input.capacity === undefined ? undefined : roundedCapacity(input.capacity)
  await unitOfWork(
    ctx,
    async ({ tx, now: at }) => {
      const release = await repo.lockRelease(tx, id)
      if (!release) throw new NotFound('No such release')
      if (release.released_at) throw new InvalidTransition(`Release ${release.name} has shipped`)
      const next = {
        feature_freeze_at: date(input.featureFreezeAt) ?? release.feature_freeze_at,
        code_freeze_at:
          input.codeFreezeAt === undefined
            ? release.code_freeze_at
            : (date(input.codeFreezeAt) ?? null),
        first_rc_at:
          input.firstRcAt === undefined ? release.first_rc_at : (date(input.firstRcAt) ?? null),
        release_at: date(input.releaseAt) ?? release.release_at,
      }
      if (!milestonesInOrder(next)) throw outOfOrder()
      if (next.release_at > release.release_at) {
        await repo.insertSlip(tx, {
          forumId: release.forum_id,
          releaseId: id,
          from: release.release_at,
          to: next.release_at,
          reason: input.slipReason?.trim() ?? null,
          actorId: who.id,
          at,
        })
      }
      try {
        await repo.updateRelease(tx, id, {
          ...next,
          name: input.name?.trim(),
          capacity,
          updated_at: at,
        })
      } catch (err) {
        if (isUniqueViolation(err))
          throw new Conflict(`This forum already has a release "${input.name}"`)
        throw err
      }
    },
    { label: 'updateRelease' },
  )
  return getRelease(ctx, id)
}

/** The estimated, open, not yet planned ideas of the forum that fit the capacity best. */
export async function planRelease(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  capacityParam?: number,
) {
  withRole(actor, 'developer')
  const release = await repo.releaseById(ctx.db, id)
  if (!release) throw new NotFound('No such release')
  const capacity = capacityParam ?? release.capacity
  if (capacity == null) {
    throw withFields(
      new ValidationFailed('This release has no capacity; pass ?capacity= in developer-weeks'),
      {
        details: [
          {
            path: '/querystring/capacity',
            message: 'is required when the release has no capacity',
          },
        ],
      },
    )
  }
  const candidates = await planCandidates(ctx.db, release.forum_id)
  const estimated = candidates
    .filter((c) => c.effort !== null)
    .map((c) => ({ ...c, effort: c.effort! }))
  const { chosen, leftOut } = bestPlan(estimated, capacity)
  const item = (c: (typeof estimated)[number]) => ({
    ideaId: c.id,
    title: c.title,
    votes: c.votes,
    effort: c.effort,
  })
  return {
    capacity,
    chosen: chosen.map(item),
    totalVotes: chosen.reduce((s, c) => s + c.votes, 0),
    totalEffort: Math.round(chosen.reduce((s, c) => s + c.effort, 0) * 10) / 10,
    leftOut: leftOut.map(item),
    unestimated: candidates.length - estimated.length,
  }
}

/**
 * Ships a release in one transaction: it becomes released; features that are done complete their
 * ideas (votes go back to the voters); the others move to the next release, or to the backlog,
 * with their history and their ideas' votes intact.
 */
export async function shipRelease(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  nextReleaseId?: number,
) {
  const who = withRole(actor, 'coordinator')
  await unitOfWork(
    ctx,
    async (uow) => {
      const { tx, now: at } = uow
      // Lock order: releases by id, then features, then ideas, then budgets.
      const ids = nextReleaseId === undefined ? [id] : [id, nextReleaseId].sort((a, b) => a - b)
      const locked = new Map<number, repo.LockedRelease>()
      for (const releaseId of ids) {
        const row = await repo.lockRelease(tx, releaseId)
        if (row) locked.set(releaseId, row)
      }
      const release = locked.get(id)
      if (!release) throw new NotFound('No such release')
      if (release.released_at)
        throw new InvalidTransition(`Release ${release.name} has already shipped`)
      const next = nextReleaseId === undefined ? null : locked.get(nextReleaseId)
      if (next === undefined) throw new NotFound('No such next release')
      if (
        next &&
        (next.id === release.id || next.forum_id !== release.forum_id || next.released_at)
      ) {
        throw new InvalidTransition(
          'The next release must be another unreleased release of this forum',
        )
      }
      await repo.updateRelease(tx, id, { released_at: at, updated_at: at })
      await shipFeatures(uow, release, next, who)
    },
    { label: 'shipRelease' },
  )
  return getRelease(ctx, id)
}

async function shipFeatures(
  uow: UnitContext,
  release: repo.LockedRelease,
  next: repo.LockedRelease | null,
  who: Actor,
) {
  const { tx, now: at } = uow
  const shipped = await features.featuresOfRelease(tx, release.id)
  const linked = await features.linkedIdeas(
    tx,
    shipped.map((f) => f.id),
  )
  // Done features complete their ideas. Every idea is locked first, in id order, and only then are
  // their ballots released, all at once: a ship that took idea and budget locks idea by idea
  // deadlocked with people voting on its ideas.
  const done = new Set(shipped.filter((f) => f.prognosis === 'done').map((f) => f.id))
  const locked = await lockIdeas(
    tx,
    linked.filter((i) => done.has(i.feature_id!)).map((i) => i.id),
  )
  const toComplete = locked.filter((i) => i.status !== 'completed' && i.status !== 'merged')
  const titleOf = new Map(shipped.map((f) => [f.id, f.title]))
  await transition(uow, toComplete, 'completed', who, {
    response: (idea) => `Shipped in ${release.name}: ${titleOf.get(idea.feature_id!) ?? ''}`,
  })
  for (const feature of shipped.filter((f) => !done.has(f.id))) {
    // Carried over: the freeze of the next release does not apply to work already under way.
    await features.updateFeature(tx, feature.id, {
      release_id: next?.id ?? null,
      exception_reason: null,
      exception_at: null,
      updated_at: at,
    })
    await features.recordFeatureChange(tx, {
      forumId: release.forum_id,
      featureId: feature.id,
      actorId: who.id,
      at,
      changes: { release: [release.name, next?.name ?? 'backlog'] },
    })
  }
}

export async function backlog(ctx: ServiceContext, slug: string) {
  const forumId = await forumIdBySlug(ctx, slug)
  const rows = await features.backlogOf(ctx.db, forumId)
  return { items: await features.toFeatures(ctx.db, rows) }
}

export async function releaseReport(ctx: ServiceContext, id: number) {
  // The release row already carries its forum's name: no second look-up of the forum.
  const row = await repo.releaseById(ctx.db, id)
  if (!row) throw new NotFound('No such release')
  const [release] = await toReleases(ctx, [row])
  return reportData(row.forum_name, release!, ctx.clock.now())
}

/** A release named within a forum (the CLI addresses releases as "xen 4.3"). */
export async function releaseIdByName(
  ctx: ServiceContext,
  slug: string,
  name: string,
): Promise<number> {
  const forumId = await forumIdBySlug(ctx, slug)
  const row = await repo.releaseByName(ctx.db, forumId, name)
  if (!row) throw new NotFound(`No release "${name}" in forum "${slug}"`)
  return row.id
}
