import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from 'kysely'
import type { DB, ReleasesTable } from '../../db/schema.ts'

const releaseColumns = [
  'r.id',
  'r.forum_id',
  'f.slug as forum_slug',
  'f.name as forum_name',
  'r.name',
  'r.feature_freeze_at',
  'r.code_freeze_at',
  'r.first_rc_at',
  'r.release_at',
  'r.released_at',
  'r.capacity',
  'r.coordinator_id',
  'r.created_at',
  'r.updated_at',
] as const

function releaseRows(db: Kysely<DB>) {
  return db
    .selectFrom('releases as r')
    .innerJoin('forums as f', 'f.id', 'r.forum_id')
    .select(releaseColumns)
}
export type ReleaseRow = Awaited<
  ReturnType<ReturnType<typeof releaseRows>['executeTakeFirstOrThrow']>
>

export function releaseById(db: Kysely<DB>, id: number) {
  return releaseRows(db).where('r.id', '=', id).executeTakeFirst()
}

/** The release row, locked: features entering it, milestone changes and shipping serialise. */
export function lockRelease(db: Transaction<DB>, id: number) {
  return db.selectFrom('releases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}
export type LockedRelease = NonNullable<Awaited<ReturnType<typeof lockRelease>>>

/** Latest release first. */
export function releasesOfForum(
  db: Kysely<DB>,
  forumId: number,
  opts: { before?: number; limit: number },
) {
  let query = releaseRows(db)
    .where('r.forum_id', '=', forumId)
    .orderBy('r.id', 'desc')
    .limit(opts.limit)
  if (opts.before !== undefined) query = query.where('r.id', '<', opts.before)
  return query.execute()
}

export function insertRelease(db: Transaction<DB>, release: Insertable<ReleasesTable>) {
  return db.insertInto('releases').values(release).returning('id').executeTakeFirstOrThrow()
}

export function updateRelease(db: Transaction<DB>, id: number, changes: Updateable<ReleasesTable>) {
  return db.updateTable('releases').set(changes).where('id', '=', id).execute()
}

export function slipsOf(db: Kysely<DB>, releaseIds: number[]) {
  if (releaseIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('release_slips')
    .select(['release_id', 'from_at', 'to_at', 'reason', 'at'])
    .where('release_id', 'in', releaseIds)
    .orderBy('id')
    .execute()
}

export function insertSlip(
  db: Transaction<DB>,
  slip: {
    forumId: number
    releaseId: number
    from: Date
    to: Date
    reason: string | null
    actorId: number
    at: Date
  },
) {
  return db
    .insertInto('release_slips')
    .values({
      forum_id: slip.forumId,
      release_id: slip.releaseId,
      from_at: slip.from,
      to_at: slip.to,
      reason: slip.reason,
      actor_id: slip.actorId,
      at: slip.at,
    })
    .execute()
}

export function releaseByName(db: Kysely<DB>, forumId: number, name: string) {
  return db
    .selectFrom('releases')
    .select('id')
    .where('forum_id', '=', forumId)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst()
}
