// Releases: milestones (with a history of slips), the phase they imply, the features they track,
// the plan of what fits before the freeze, and shipping.
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import {
  Conflict,
  InvalidTransition,
  NotFound,
  ValidationFailed,
  withFields,
} from '../../errors.ts'
import { decodeIdCursor, pageOf } from '../../http/cursor.ts'
import type { ServiceContext } from '../../plugins/database.ts'
import { withRole } from '../access.ts'
import { isUniqueViolation } from '../auth/service.ts'
import type { Actor } from '../auth/tokens.ts'
import * as featuresRepo from '../features/repository.ts'
import { toFeatures } from '../features/service.ts'
import { forumIdBySlug } from '../forums/service.ts'
import { retryOnDeadlock } from '../../db/retry.ts'
import * as ideasRepo from '../ideas/repository.ts'
import { transition } from '../ideas/service.ts'
import { milestonesInOrder, phaseOf } from './phase.ts'
import { bestPlan } from './plan.ts'
import { reportData } from './report.ts'
import * as repo from './repository.ts'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

async function toReleases(ctx: ServiceContext, rows: repo.ReleaseRow[]) {
  // Slips and features are independent reads: fetched concurrently, not one after the other.
  const [slips, features] = await Promise.all([
    repo.slipsOf(
      ctx.db,
      rows.map((r) => r.id),
    ),
    Promise.all(
      rows.map(async (row) =>
        toFeatures(ctx.db, await featuresRepo.featuresOfRelease(ctx.db, row.id)),
      ),
    ),
  ])
  const now = ctx.clock.now()
  return rows.map((row, i) => ({
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
    features: features[i]!,
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
  const at = ctx.clock.now()
  try {
    const { id } = await repo.insertRelease(ctx.db, {
      forum_id: forumId,
      name: input.name.trim(),
      ...milestones,
      capacity: input.capacity ?? null,
      coordinator_id: who.id,
      created_at: at,
      updated_at: at,
    })
    return getRelease(ctx, id)
  } catch (err) {
    if (isUniqueViolation(err))
      throw new Conflict(`This forum already has a release "${input.name}"`)
    throw err
  }
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
  await ctx.db.transaction().execute(async (tx) => {
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
    const at = ctx.clock.now()
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
        capacity: input.capacity,
        updated_at: at,
      })
    } catch (err) {
      if (isUniqueViolation(err))
        throw new Conflict(`This forum already has a release "${input.name}"`)
      throw err
    }
  })
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
  const candidates = await ideasRepo.planCandidates(ctx.db, release.forum_id)
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
  await retryOnDeadlock(() =>
    ctx.db.transaction().execute(async (tx) => {
      // Lock order: releases by id, then features, then ideas (then budgets, inside the release).
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
      const at = ctx.clock.now()
      await repo.updateRelease(tx, id, { released_at: at, updated_at: at })
      await shipFeatures(ctx, tx, release, next, who, at)
    }),
  )
  return getRelease(ctx, id)
}

async function shipFeatures(
  ctx: ServiceContext,
  tx: Kysely<DB>,
  release: repo.LockedRelease,
  next: repo.LockedRelease | null,
  who: Actor,
  at: Date,
) {
  const features = await featuresRepo.featuresOfRelease(tx, release.id)
  const linked = await featuresRepo.linkedIdeas(
    tx,
    features.map((f) => f.id),
  )
  // Done features complete their ideas, locked in id order like every multi-idea operation.
  const done = new Set(features.filter((f) => f.prognosis === 'done').map((f) => f.id))
  const toComplete = linked.filter((i) => done.has(i.feature_id!)).sort((a, b) => a.id - b.id)
  for (const idea of toComplete) {
    const locked = await ideasRepo.lockIdea(tx, idea.id)
    if (locked && locked.status !== 'completed' && locked.status !== 'merged') {
      const feature = features.find((f) => f.id === idea.feature_id)!
      await transition(ctx, tx, locked, 'completed', who, {
        response: `Shipped in ${release.name}: ${feature.title}`,
      })
    }
  }
  for (const feature of features.filter((f) => !done.has(f.id))) {
    // Carried over: the freeze of the next release does not apply to work already under way.
    await featuresRepo.updateFeature(tx, feature.id, {
      release_id: next?.id ?? null,
      exception_reason: null,
      exception_at: null,
      updated_at: at,
    })
    await featuresRepo.recordFeatureChange(tx, {
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
  return { items: await toFeatures(ctx.db, await featuresRepo.backlogOf(ctx.db, forumId)) }
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
