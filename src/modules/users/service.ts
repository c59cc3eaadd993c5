import type { Role } from '../../db/schema.ts'
import { Conflict, NotFound } from '../../errors.ts'
import { decodeIdCursor, pageOf } from '../../http/cursor.ts'
import type { ServiceContext } from '../../plugins/database.ts'
import { withRole } from '../access.ts'
import { userRowToMe } from '../auth/service.ts'
import type { Actor } from '../auth/tokens.ts'
import * as repo from './repository.ts'

export async function listUsers(
  ctx: ServiceContext,
  actor: Actor | null,
  query: { role?: Role; limit: number; cursor?: string },
) {
  withRole(actor, 'admin')
  const afterId = decodeIdCursor(query.cursor)
  const rows = await repo.listUsers(ctx.db, { ...query, afterId, limit: query.limit + 1 })
  const page = pageOf(rows, query.limit, (r) => [r.id])
  return { items: page.items.map(userRowToMe), nextCursor: page.nextCursor }
}

/** Changes a role. The last admin cannot be demoted: someone must be able to manage the service. */
export async function changeRole(ctx: ServiceContext, actor: Actor | null, id: number, role: Role) {
  withRole(actor, 'admin')
  return ctx.db.transaction().execute(async (tx) => {
    const admins = await repo.lockAdmins(tx)
    if (role !== 'admin' && admins.length === 1 && admins[0]?.id === id) {
      throw new Conflict('This is the last admin; make someone else admin first')
    }
    const row = await repo.setRole(tx, id, role, ctx.clock.now())
    if (!row) throw new NotFound('No such user')
    return userRowToMe(row)
  })
}
