import { sql, type Kysely, type Transaction } from 'kysely'
import type { Role } from '../../core/domain.ts'
import type { DB } from '../../db/schema.ts'
import { userColumns } from '../auth/index.ts'

export function listUsers(db: Kysely<DB>, opts: { role?: Role; afterId?: number; limit: number }) {
  let query = db.selectFrom('users').select(userColumns).orderBy('id').limit(opts.limit)
  if (opts.role) query = query.where('role', '=', opts.role)
  if (opts.afterId !== undefined) query = query.where('id', '>', opts.afterId)
  return query.execute()
}

/** A new role also bumps the session version: tokens issued under the old role stop working. */
export function setRole(db: Transaction<DB>, id: number, role: Role, at: Date) {
  return db
    .updateTable('users')
    .set({
      role,
      session_version: sql<number>`session_version + (role <> ${role})::int`,
      updated_at: at,
    })
    .where('id', '=', id)
    .returning(userColumns)
    .executeTakeFirst()
}

/** Enabled admins, locked, so two concurrent demotions cannot leave the service without one. */
export function lockAdmins(db: Transaction<DB>) {
  return db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .forUpdate()
    .execute()
}

export function userRow(db: Transaction<DB>, id: number) {
  return db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst()
}

/** Disabling bumps the session version (every access token stops); re-enabling keeps it. */
export function setDisabled(db: Transaction<DB>, id: number, disabled: boolean, at: Date) {
  return db
    .updateTable('users')
    .set(
      disabled
        ? {
            disabled_at: sql<Date>`coalesce(disabled_at, ${at}::timestamptz)`,
            session_version: sql<number>`session_version + (disabled_at IS NULL)::int`,
            updated_at: at,
          }
        : { disabled_at: null, updated_at: at },
    )
    .where('id', '=', id)
    .returning(userColumns)
    .executeTakeFirst()
}

export function lockUser(db: Transaction<DB>, id: number) {
  return db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}
