// A user's linked identities at outside providers. Unlinking the last way to sign in (no password,
// no other identity) is refused: the account would be locked out for good.
import type { ServiceContext } from '../../core/context.ts'
import type { Actor } from '../../core/roles.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import { Conflict, NotFound } from '../../errors.ts'
import { sessionActor } from './session-actor.ts'

export async function listIdentities(ctx: ServiceContext, actor: Actor | null) {
  const who = sessionActor(actor)
  const rows = await ctx.db
    .selectFrom('identities')
    .select(['provider', 'subject', 'email', 'created_at'])
    .where('user_id', '=', who.id)
    .orderBy('id')
    .execute()
  return {
    items: rows.map((r) => ({
      provider: r.provider,
      subject: r.subject,
      email: r.email,
      linkedAt: r.created_at.toISOString(),
    })),
  }
}

export async function unlinkIdentity(ctx: ServiceContext, actor: Actor | null, provider: string) {
  const who = sessionActor(actor)
  await unitOfWork(
    ctx,
    async ({ tx }) => {
      // The user's row, locked: two concurrent unlinks cannot each leave the other as the last.
      const user = await tx
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', who.id)
        .forUpdate()
        .executeTakeFirst()
      if (!user) throw new NotFound('This account no longer exists')
      const identities = await tx
        .selectFrom('identities')
        .select('provider')
        .where('user_id', '=', who.id)
        .execute()
      if (!identities.some((i) => i.provider === provider)) throw new NotFound('No such identity')
      if (user.password_hash === null && identities.length === 1) {
        throw new Conflict('This is your last way to sign in; link another first')
      }
      await tx
        .deleteFrom('identities')
        .where('user_id', '=', who.id)
        .where('provider', '=', provider)
        .execute()
    },
    { label: 'unlinkIdentity' },
  )
}
