// SQL for features: rows with their owner, the ideas linked to them, and their demand.
import { OPEN_STATUS_LIST } from '../../db/sql-fragments.ts'
import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely'
import type { DB, FeaturesTable } from '../../db/schema.ts'

function featureRows(db: Kysely<DB>) {
  return db
    .selectFrom('features as ft')
    .leftJoin('users as o', 'o.id', 'ft.owner_id')
    .select([
      'ft.id',
      'ft.forum_id',
      'ft.release_id',
      'ft.title',
      'ft.description',
      'ft.group_name',
      'ft.owner_id',
      'o.display_name as owner_display_name',
      'ft.owner_name',
      'ft.status',
      'ft.prognosis',
      'ft.external',
      'ft.tech_preview',
      'ft.effort',
      'ft.exception_reason',
      'ft.exception_at',
      'ft.created_at',
      'ft.updated_at',
    ])
}
export type FeatureRow = Awaited<
  ReturnType<ReturnType<typeof featureRows>['executeTakeFirstOrThrow']>
>

export function featureById(db: Kysely<DB>, id: number) {
  return featureRows(db).where('ft.id', '=', id).executeTakeFirst()
}

/** The features of several releases in one query (a release list needs no query per release). */
export function featuresOfReleases(db: Kysely<DB>, releaseIds: readonly number[]) {
  if (releaseIds.length === 0) return Promise.resolve([])
  return featureRows(db).where('ft.release_id', 'in', releaseIds).orderBy('ft.id').execute()
}

export function featuresOfRelease(db: Kysely<DB>, releaseId: number) {
  return featuresOfReleases(db, [releaseId])
}

export function backlogOf(db: Kysely<DB>, forumId: number) {
  return featureRows(db)
    .where('ft.forum_id', '=', forumId)
    .where('ft.release_id', 'is', null)
    .orderBy('ft.id')
    .execute()
}

/** Ideas linked to these features (deleted ones excepted). */
export function linkedIdeas(db: Kysely<DB>, featureIds: number[]) {
  if (featureIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('ideas')
    .select(['id', 'feature_id', 'title', 'status', 'votes', 'voters'])
    .where('feature_id', 'in', featureIds)
    .where('status', '<>', 'deleted')
    .orderBy('votes', 'desc')
    .orderBy('id')
    .execute()
}

/**
 * Distinct voters behind each feature: each voter counted once however many of its ideas they
 * voted for. Open ideas count their active ballots; closed ones the ballots they closed with.
 */
export async function distinctVoters(db: Kysely<DB>, featureIds: number[]) {
  if (featureIds.length === 0) return new Map<number, number>()
  const { rows } = await sql<{ feature_id: number; voters: number }>`
    SELECT i.feature_id, count(DISTINCT b.user_id)::int AS voters
      FROM ballots b JOIN ideas i ON i.id = b.idea_id
     WHERE i.feature_id = ANY(${featureIds}::int[]) AND i.status <> 'deleted'
       AND (NOT b.released OR i.status NOT IN ${OPEN_STATUS_LIST})
     GROUP BY 1`.execute(db)
  return new Map(rows.map((r) => [r.feature_id, r.voters]))
}

export function insertFeature(db: Transaction<DB>, feature: Insertable<FeaturesTable>) {
  return db.insertInto('features').values(feature).returning('id').executeTakeFirstOrThrow()
}

export function lockFeature(db: Transaction<DB>, id: number) {
  return db.selectFrom('features').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}
export type LockedFeature = NonNullable<Awaited<ReturnType<typeof lockFeature>>>

export function updateFeature(db: Transaction<DB>, id: number, changes: Updateable<FeaturesTable>) {
  return db.updateTable('features').set(changes).where('id', '=', id).execute()
}

export function recordFeatureChange(
  db: Transaction<DB>,
  change: {
    forumId: number
    featureId: number
    actorId: number | null
    at: Date
    changes: Record<string, [unknown, unknown]>
  },
) {
  return db
    .insertInto('feature_changes')
    .values({
      forum_id: change.forumId,
      feature_id: change.featureId,
      actor_id: change.actorId,
      at: change.at,
      changes: JSON.stringify(change.changes),
    })
    .execute()
}

export function featureHistory(db: Kysely<DB>, featureId: number) {
  return db
    .selectFrom('feature_changes as h')
    .leftJoin('users as u', 'u.id', 'h.actor_id')
    .select(['h.at', 'h.actor_id', 'u.display_name as actor_name', 'h.changes'])
    .where('h.feature_id', '=', featureId)
    .orderBy('h.id')
    .execute()
}

export function userExists(db: Kysely<DB>, id: number) {
  return db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst()
}

export function linkIdea(db: Transaction<DB>, ideaId: number, featureId: number, at: Date) {
  return db
    .updateTable('ideas')
    .set({ feature_id: featureId, updated_at: at })
    .where('id', '=', ideaId)
    .execute()
}
