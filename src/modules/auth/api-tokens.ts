// Personal API tokens: created by a signed-in user for scripts and CI, shown once, stored hashed,
// never above the user's role (checked at creation here, and on every use in actor.ts).
import type { ServiceContext } from '../../core/context.ts'
import { hasRole, type Actor } from '../../core/roles.ts'
import { SCOPE_ROLE, type ApiScope } from '../../core/scopes.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../errors.ts'
import { sessionActor } from './session-actor.ts'
import { newApiToken } from './tokens.ts'

/** Enough for every script a person runs; a bound on what one account can pile up. */
const MAX_LIVE_TOKENS = 50

type TokenRow = {
  id: number
  name: string
  scopes: ApiScope[]
  expires_at: Date | null
  last_used_at: Date | null
  created_at: Date
}

const toApi = (row: TokenRow) => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes,
  expiresAt: row.expires_at?.toISOString() ?? null,
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
})

const COLUMNS = ['id', 'name', 'scopes', 'expires_at', 'last_used_at', 'created_at'] as const

export async function createToken(
  ctx: ServiceContext,
  actor: Actor | null,
  input: { name: string; scopes: ApiScope[]; expiresAt?: string },
) {
  const who = sessionActor(actor)
  const scopes = [...new Set(input.scopes)]
  for (const scope of scopes) {
    if (!hasRole(who, SCOPE_ROLE[scope])) {
      throw new Forbidden(`The ${scope} scope needs the ${SCOPE_ROLE[scope]} role`)
    }
  }
  const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt)
  if (expiresAt && expiresAt.getTime() <= ctx.clock.now().getTime()) {
    throw new ValidationFailed('expiresAt must be in the future')
  }
  const secret = newApiToken()
  const row = await unitOfWork(
    ctx,
    async ({ tx, now }) => {
      // The user's row, locked: two concurrent creations cannot both pass the count.
      await tx.selectFrom('users').select('id').where('id', '=', who.id).forUpdate().execute()
      const live = await tx
        .selectFrom('api_tokens')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('user_id', '=', who.id)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .executeTakeFirstOrThrow()
      if (Number(live.n) >= MAX_LIVE_TOKENS) {
        throw new Conflict(`At most ${MAX_LIVE_TOKENS} live tokens; revoke one first`)
      }
      return tx
        .insertInto('api_tokens')
        .values({
          user_id: who.id,
          name: input.name.trim(),
          token_hash: secret.hash,
          scopes,
          expires_at: expiresAt,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow()
    },
    { label: 'createApiToken' },
  )
  return { ...toApi(row), token: secret.token }
}

/** The user's tokens that still work (no secrets). */
export async function listTokens(ctx: ServiceContext, actor: Actor | null) {
  const who = sessionActor(actor)
  const now = ctx.clock.now()
  const rows = await ctx.db
    .selectFrom('api_tokens')
    .select(COLUMNS)
    .where('user_id', '=', who.id)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('id')
    .execute()
  return { items: rows.map(toApi) }
}

export async function revokeToken(ctx: ServiceContext, actor: Actor | null, id: number) {
  const who = sessionActor(actor)
  await unitOfWork(
    ctx,
    async ({ tx, now }) => {
      const row = await tx
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('user_id', '=', who.id)
        .where('revoked_at', 'is', null)
        .returning('id')
        .executeTakeFirst()
      if (!row) throw new NotFound('No such token')
    },
    { label: 'revokeApiToken' },
  )
}
