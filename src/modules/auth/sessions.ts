// A user's sessions: each refresh-token family is one sign-in (on one browser or client). Its
// first token records how it began and where; its newest token's creation is its last use.
import { sql } from 'kysely'
import type { ServiceContext } from '../../core/context.ts'
import type { Actor } from '../../core/roles.ts'
import type { SignInMethod } from '../../core/scopes.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import { NotFound } from '../../errors.ts'
import { sessionActor } from './session-actor.ts'

export async function listSessions(ctx: ServiceContext, actor: Actor | null) {
  const who = sessionActor(actor)
  const rows = await ctx.db
    .selectFrom('refresh_tokens')
    .select([
      'family_id',
      sql<Date>`min(created_at)`.as('created_at'),
      sql<Date>`max(created_at)`.as('last_used_at'),
      sql<SignInMethod>`(array_agg(method ORDER BY id))[1]`.as('method'),
      sql<string | null>`(array_agg(user_agent ORDER BY id))[1]`.as('user_agent'),
    ])
    .where('user_id', '=', who.id)
    .groupBy('family_id')
    .having(sql<boolean>`bool_and(revoked_at IS NULL)`)
    .having(sql<Date>`max(expires_at)`, '>', ctx.clock.now())
    .orderBy('last_used_at', 'desc')
    .execute()
  return {
    items: rows.map((r) => ({
      id: r.family_id,
      createdAt: new Date(r.created_at).toISOString(),
      lastUsedAt: new Date(r.last_used_at).toISOString(),
      userAgent: r.user_agent,
      method: r.method,
      current: r.family_id === who.sessionId,
    })),
  }
}

/** Ends one of the user's sessions: its refresh tokens and (actor.ts) its access tokens. */
export async function endSession(ctx: ServiceContext, actor: Actor | null, id: string) {
  const who = sessionActor(actor)
  await unitOfWork(
    ctx,
    async ({ tx, now }) => {
      const ended = await tx
        .updateTable('refresh_tokens')
        .set({ revoked_at: now })
        .where('user_id', '=', who.id)
        .where('family_id', '=', id)
        .where('revoked_at', 'is', null)
        .returning('id')
        .execute()
      if (ended.length === 0) throw new NotFound('No such session')
    },
    { label: 'endSession' },
  )
}

/** Ends every session of the user but the one asking. */
export async function endOtherSessions(ctx: ServiceContext, actor: Actor | null) {
  const who = sessionActor(actor)
  await unitOfWork(
    ctx,
    async ({ tx, now }) => {
      await tx
        .updateTable('refresh_tokens')
        .set({ revoked_at: now })
        .where('user_id', '=', who.id)
        .where('revoked_at', 'is', null)
        .$if(who.sessionId !== undefined, (q) => q.where('family_id', '!=', who.sessionId ?? ''))
        .execute()
    },
    { label: 'endOtherSessions' },
  )
}
