import { Conflict, NotFound } from '../../errors.ts'
import type { Role } from '../../core/domain.ts'
import type { ServiceContext } from '../../core/context.ts'
import { withRole } from '../../core/access.ts'
import type { Actor } from '../../core/roles.ts'
import { decodeIdCursor, pageOf } from '../../http/cursor.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import { revokeSessionsOf, userRowToMe } from '../auth/index.ts'
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
  return unitOfWork(
    ctx,
    async ({ tx, now }) => {
      const admins = await repo.lockAdmins(tx)
      if (role !== 'admin' && admins.length === 1 && admins[0]?.id === id) {
        throw new Conflict('This is the last admin; make someone else admin first')
      }
      const before = await repo.lockUser(tx, id)
      if (!before) throw new NotFound('No such user')
      const row = await repo.setRole(tx, id, role, now)
      if (!row) throw new NotFound('No such user')
      // A changed role ends every session: the user signs in again under the new role.
      if (before.role !== role) await revokeSessionsOf(tx, id, now)
      return userRowToMe(row)
    },
    { label: 'changeRole' },
  )
}
