// Tracked features of a release: promoted from ideas or created directly, linked to more ideas,
// updated by the coordinator (or by their owner for status and prognosis), every change recorded.
import type { Kysely, Transaction, Updateable } from 'kysely'
import { signedIn, withRole } from '../../core/access.ts'
import type { ServiceContext, UnitContext } from '../../core/context.ts'
import { isOpenStatus, type Prognosis } from '../../core/domain.ts'
import { hasRole, type Actor } from '../../core/roles.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import type { DB, FeaturesTable } from '../../db/schema.ts'
import {
  Forbidden,
  InvalidTransition,
  NotFound,
  ValidationFailed,
  withFields,
} from '../../errors.ts'
import { ideaById, lockIdea, roundedEffort, transition, type LockedIdea } from '../ideas/index.ts'
import { lockRelease, type LockedRelease } from '../releases/index.ts'
import { admit, refuseIfShipped, type Admission } from './freeze.ts'
import * as repo from './repository.ts'

export const OTHER_GROUP = 'Other'

export type Owner = { id: number; displayName: string } | { name: string } | null

function ownerOf(row: repo.FeatureRow): Owner {
  if (row.owner_id !== null) return { id: row.owner_id, displayName: row.owner_display_name ?? '' }
  return row.owner_name !== null ? { name: row.owner_name } : null
}

/** Features as the API shows them, with their linked ideas and the demand behind them. */
export async function toFeatures(db: Kysely<DB>, rows: repo.FeatureRow[]) {
  const ids = rows.map((r) => r.id)
  const [ideas, voters] = await Promise.all([
    repo.linkedIdeas(db, ids),
    repo.distinctVoters(db, ids),
  ])
  return rows.map((row) => {
    const mine = ideas.filter((i) => i.feature_id === row.id)
    return {
      id: row.id,
      releaseId: row.release_id,
      title: row.title,
      description: row.description,
      group: row.group_name,
      owner: ownerOf(row),
      status: row.status,
      prognosis: row.prognosis,
      external: row.external,
      techPreview: row.tech_preview,
      effort: row.effort,
      ideas: mine.map((i) => ({
        id: i.id,
        title: i.title,
        status: i.status,
        votes: i.votes,
        voters: i.voters,
      })),
      demand: { votes: mine.reduce((sum, i) => sum + i.votes, 0), voters: voters.get(row.id) ?? 0 },
      exception:
        row.exception_reason !== null && row.exception_at !== null
          ? { reason: row.exception_reason, at: row.exception_at.toISOString() }
          : null,
      updatedAt: row.updated_at.toISOString(),
    }
  })
}
export type Feature = Awaited<ReturnType<typeof toFeatures>>[number]

export async function getFeature(ctx: ServiceContext, id: number): Promise<Feature> {
  const row = await repo.featureById(ctx.db, id)
  if (!row) throw new NotFound('No such feature')
  return (await toFeatures(ctx.db, [row]))[0]!
}

function invalidOwner(message: string) {
  return withFields(new ValidationFailed(message), {
    details: [{ path: '/body/ownerId', message }],
  })
}

/** Owner columns from the request: a user id or a free-text name, never both. */
async function ownerColumns(
  db: Transaction<DB>,
  input: { ownerId?: number | null; ownerName?: string | null },
): Promise<Pick<Updateable<FeaturesTable>, 'owner_id' | 'owner_name'>> {
  if (input.ownerId != null && input.ownerName != null) {
    throw invalidOwner('Give an ownerId or an ownerName, not both')
  }
  if (input.ownerId != null) {
    if (!(await repo.userExists(db, input.ownerId))) throw invalidOwner('ownerId is not a user')
    return { owner_id: input.ownerId, owner_name: null }
  }
  if (input.ownerName != null) return { owner_id: null, owner_name: input.ownerName.trim() }
  if (input.ownerId === null || input.ownerName === null)
    return { owner_id: null, owner_name: null }
  return {}
}

/** Locks releases in id order (the global lock order), returning those that exist. */
async function lockReleases(tx: Transaction<DB>, ids: readonly (number | null)[]) {
  const locked = new Map<number, LockedRelease>()
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))].sort((a, b) => a - b)
  for (const id of wanted) {
    const release = await lockRelease(tx, id)
    if (release) locked.set(id, release)
  }
  return locked
}

interface NewFeature {
  title: string
  description?: string
  group?: string
  ownerId?: number
  ownerName?: string
  status?: string
  prognosis?: Prognosis
  external?: boolean
  techPreview?: boolean
  effort?: number
  exception?: { reason: string }
}

async function insertFeature(
  { tx, now: at }: UnitContext,
  release: LockedRelease,
  input: NewFeature,
  admission: Admission | null,
  actor: Actor,
) {
  const { id } = await repo.insertFeature(tx, {
    forum_id: release.forum_id,
    release_id: release.id,
    title: input.title.trim(),
    description: input.description ?? '',
    group_name: input.group?.trim() || OTHER_GROUP,
    ...(await ownerColumns(tx, input)),
    status: input.status ?? '',
    prognosis: input.prognosis,
    external: input.external,
    tech_preview: input.techPreview,
    effort: input.effort === undefined ? null : roundedEffort(input.effort, '/body/effort'),
    ...(admission ?? {}),
    created_at: at,
    updated_at: at,
  })
  await repo.recordFeatureChange(tx, {
    forumId: release.forum_id,
    featureId: id,
    actorId: actor.id,
    at,
    changes: {
      release: [null, release.name],
      ...(admission ? { exception: [null, admission.exception_reason] } : {}),
    },
  })
  return id
}

/** The coordinator adds a feature that no idea asked for. */
export async function createFeature(
  ctx: ServiceContext,
  actor: Actor | null,
  releaseId: number,
  input: NewFeature,
) {
  const who = withRole(actor, 'coordinator')
  const id = await unitOfWork(
    ctx,
    async (uow) => {
      const release = await lockRelease(uow.tx, releaseId)
      if (!release) throw new NotFound('No such release')
      return insertFeature(uow, release, input, admit(release, uow.now, input.exception), who)
    },
    { label: 'createFeature' },
  )
  return getFeature(ctx, id)
}

async function lockPromotableIdea(tx: Transaction<DB>, ideaId: number) {
  const idea = await lockIdea(tx, ideaId)
  if (!idea) throw new NotFound('No such idea')
  if (!isOpenStatus(idea.status))
    throw new InvalidTransition(`This idea is ${idea.status}; only open ideas can be planned`)
  return idea
}

/** Planned ideas stay as they are; open or under-review ones become planned. */
async function markPlanned(uow: UnitContext, idea: LockedIdea, actor: Actor) {
  if (idea.status === 'open' || idea.status === 'under_review')
    await transition(uow, [idea], 'planned', actor)
}

/** The coordinator promotes an idea into a feature of a release; the idea becomes planned. */
export async function promoteIdea(
  ctx: ServiceContext,
  actor: Actor | null,
  ideaId: number,
  input: Omit<NewFeature, 'title'> & { releaseId: number; title?: string },
) {
  const who = withRole(actor, 'coordinator')
  const id = await unitOfWork(
    ctx,
    async (uow) => {
      const { tx } = uow
      // Lock order: release, then idea (shipping takes them in that order too).
      const release = await lockRelease(tx, input.releaseId)
      if (!release) throw new NotFound('No such release')
      const idea = await lockPromotableIdea(tx, ideaId)
      if (release.forum_id !== idea.forum_id)
        throw new InvalidTransition('That release belongs to another forum')
      const view = await ideaById(tx, ideaId, null)
      if (view?.feature_id != null)
        throw new InvalidTransition(`This idea is already planned as feature ${view.feature_id}`)
      const admission = admit(release, uow.now, input.exception)
      const featureId = await insertFeature(
        uow,
        release,
        {
          ...input,
          title: input.title ?? view!.title,
          description: view!.body,
          group: input.group ?? view!.category_name ?? undefined,
          effort: input.effort ?? view!.effort ?? undefined,
        },
        admission,
        who,
      )
      await repo.linkIdea(tx, ideaId, featureId, uow.now)
      await markPlanned(uow, idea, who)
      return featureId
    },
    { label: 'promoteIdea' },
  )
  return getFeature(ctx, id)
}

/** The coordinator links another idea the feature satisfies. */
export async function linkIdea(
  ctx: ServiceContext,
  actor: Actor | null,
  featureId: number,
  ideaId: number,
) {
  const who = withRole(actor, 'coordinator')
  await unitOfWork(
    ctx,
    async (uow) => {
      const { tx, now: at } = uow
      // Lock order: the feature's release, the feature, then the idea.
      const current = await repo.featureById(tx, featureId)
      if (!current) throw new NotFound('No such feature')
      refuseIfShipped((await lockReleases(tx, [current.release_id])).get(current.release_id ?? 0))
      const feature = await repo.lockFeature(tx, featureId)
      if (!feature) throw new NotFound('No such feature')
      const idea = await lockPromotableIdea(tx, ideaId)
      if (idea.forum_id !== feature.forum_id)
        throw new InvalidTransition('That idea belongs to another forum')
      const view = await ideaById(tx, ideaId, null)
      if (view?.feature_id === featureId) return
      if (view?.feature_id != null)
        throw new InvalidTransition(`This idea is already planned as feature ${view.feature_id}`)
      await repo.linkIdea(tx, ideaId, featureId, at)
      await markPlanned(uow, idea, who)
      await repo.updateFeature(tx, featureId, { updated_at: at })
      await repo.recordFeatureChange(tx, {
        forumId: feature.forum_id,
        featureId,
        actorId: who.id,
        at,
        changes: { ideas: [null, ideaId] },
      })
    },
    { label: 'linkIdea' },
  )
  return getFeature(ctx, featureId)
}

export interface FeatureChanges {
  title?: string
  description?: string
  group?: string
  ownerId?: number | null
  ownerName?: string | null
  status?: string
  prognosis?: Prognosis
  external?: boolean
  techPreview?: boolean
  effort?: number | null
  releaseId?: number | null
  exception?: { reason: string }
}

const OWNER_MAY_CHANGE = new Set(['status', 'prognosis'])

/** The coordinator changes anything; the feature's owner only its status line and prognosis. */
export async function updateFeature(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  input: FeatureChanges,
) {
  const who = signedIn(actor)
  await unitOfWork(
    ctx,
    async ({ tx, now: at }) => {
      const current = await repo.featureById(tx, id)
      if (!current) throw new NotFound('No such feature')
      const coordinator = hasRole(who, 'coordinator')
      if (!coordinator) {
        if (current.owner_id !== who.id)
          throw new Forbidden('Only the coordinator or the feature’s owner can change it')
        const others = Object.keys(input).filter((k) => !OWNER_MAY_CHANGE.has(k))
        if (others.length > 0)
          throw new Forbidden(
            `The owner may change status and prognosis only, not ${others.join(', ')}`,
          )
      }
      // Its release and a target release are locked before the feature, the order shipping uses.
      // A shipped release is history: its features are read-only.
      const moving = input.releaseId !== undefined && input.releaseId !== current.release_id
      const targetId = moving ? (input.releaseId ?? null) : null
      const releases = await lockReleases(tx, [current.release_id, targetId])
      refuseIfShipped(releases.get(current.release_id ?? 0))
      const target = targetId === null ? undefined : releases.get(targetId)
      if (targetId !== null && !target) throw new NotFound('No such release')
      if (target && target.forum_id !== current.forum_id)
        throw new InvalidTransition('That release belongs to another forum')
      const feature = await repo.lockFeature(tx, id)
      if (!feature) throw new NotFound('No such feature')
      const admission = target ? admit(target, at, input.exception) : null
      const changes: Updateable<FeaturesTable> = {
        title: input.title?.trim(),
        description: input.description,
        group_name: input.group?.trim(),
        ...(await ownerColumns(tx, input)),
        status: input.status,
        prognosis: input.prognosis,
        external: input.external,
        tech_preview: input.techPreview,
        effort:
          input.effort === undefined ? undefined : roundedEffort(input.effort, '/body/effort'),
        ...(moving
          ? { release_id: input.releaseId, exception_reason: null, exception_at: null }
          : {}),
        ...(admission ?? {}),
      }
      const diff = diffOf(feature, changes)
      if (Object.keys(diff).length === 0) return
      await repo.updateFeature(tx, id, { ...changes, updated_at: at })
      await repo.recordFeatureChange(tx, {
        forumId: feature.forum_id,
        featureId: id,
        actorId: who.id,
        at,
        changes: diff,
      })
    },
    { label: 'updateFeature' },
  )
  return getFeature(ctx, id)
}

function diffOf(
  before: repo.LockedFeature,
  after: Updateable<FeaturesTable>,
): Record<string, [unknown, unknown]> {
  const diff: Record<string, [unknown, unknown]> = {}
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue
    const old = before[key as keyof repo.LockedFeature]
    const same =
      old instanceof Date && value instanceof Date
        ? old.getTime() === value.getTime()
        : old === value
    if (!same) diff[key] = [old, value]
  }
  return diff
}

export async function featureHistory(ctx: ServiceContext, id: number) {
  await getFeature(ctx, id)
  const rows = await repo.featureHistory(ctx.db, id)
  return {
    items: rows.map((r) => ({
      at: r.at.toISOString(),
      actor: r.actor_id !== null ? { id: r.actor_id, displayName: r.actor_name ?? '' } : null,
      changes: r.changes,
    })),
  }
}
