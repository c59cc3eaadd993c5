import type { Kysely } from 'kysely'
import type { DB, Role } from '../../db/schema.ts'
import { userColumns } from '../auth/repository.ts'

export function listUsers(db: Kysely<DB>, opts: { role?: Role; afterId?: number; limit: number }) {
  let query = db.selectFrom('users').select(userColumns).orderBy('id').limit(opts.limit)
  if (opts.role) query = query.where('role', '=', opts.role)
  if (opts.afterId !== undefined) query = query.where('id', '>', opts.afterId)
  return query.execute()
}

export function setRole(db: Kysely<DB>, id: number, role: Role, at: Date) {
  return db
    .updateTable('users')
    .set({ role, updated_at: at })
    .where('id', '=', id)
    .returning(userColumns)
    .executeTakeFirst()
}

/** Admins, locked, so two concurrent demotions cannot leave the service without one. */
export function lockAdmins(db: Kysely<DB>) {
  return db.selectFrom('users').select('id').where('role', '=', 'admin').forUpdate().execute()
}
