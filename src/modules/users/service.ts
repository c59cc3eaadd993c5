import { Conflict, NotFound } from '../../errors.ts'
import type { Role } from '../../core/domain.ts'
import type { ServiceContext } from '../../core/context.ts'
import { withRole } from '../../core/access.ts'
import type { Actor } from '../../core/roles.ts'
import { decodeIdCursor, pageOf } from '../../http/cursor.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import { revokeApiTokensOf, revokeSessionsOf, userRowToMe } from '../auth/index.ts'
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

/**
 * Changes a role and/or disables or re-enables an account. The last enabled admin can be neither
 * demoted nor disabled: someone must be able to manage the service.
 */
export async function updateUser(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  change: { role?: Role; disabled?: boolean },
) {
  withRole(actor, 'admin')
  return unitOfWork(
    ctx,
    async ({ tx, now }) => {
      const admins = await repo.lockAdmins(tx)
      const losesAdmin = (change.role !== undefined && change.role !== 'admin') || change.disabled
      if (losesAdmin && admins.length === 1 && admins[0]?.id === id) {
        throw new Conflict('This is the last admin; make someone else admin first')
      }
      const before = await repo.lockUser(tx, id)
      if (!before) throw new NotFound('No such user')
      let row = await repo.userRow(tx, id)
      if (change.role !== undefined) row = await repo.setRole(tx, id, change.role, now)
      if (change.disabled !== undefined) row = await repo.setDisabled(tx, id, change.disabled, now)
      if (!row) throw new NotFound('No such user')
      // A changed role or a disabled account ends every session (and, through the bumped session
      // version, every access token); disabling also revokes the API tokens, for good.
      const roleChanged = change.role !== undefined && before.role !== change.role
      if (roleChanged || change.disabled === true) await revokeSessionsOf(tx, id, now)
      if (change.disabled === true) await revokeApiTokensOf(tx, id, now)
      return userRowToMe(row)
    },
    { label: 'updateUser' },
  )
}

/** A role change alone (the CLI's `user role`). */
export const changeRole = (ctx: ServiceContext, actor: Actor | null, id: number, role: Role) =>
  updateUser(ctx, actor, id, { role })
