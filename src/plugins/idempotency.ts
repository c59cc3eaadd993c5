// Idempotency-Key on the POST creates (routes with `config: {idempotent: true}`), with Stripe's
// semantics: the same key and the same request replay the first answer; the same key with another
// request is 409 CONFLICT. Keys belong to the signed-in user and expire after 24 hours.
//
// The key is claimed inside the create's own transaction (core/unit-of-work.ts): if the
// request fails or the process dies before the commit, claim and object vanish together and a
// retry simply creates. Two concurrent requests with one key serialise on the key's primary key;
// the second finds it taken and gets 409. The 2xx answer is stored right after, in onSend; only a
// crash in that instant leaves a claimed key without an answer, which then answers 409 (never a
// second create).
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { sql } from 'kysely'
import { Type } from 'typebox'
import type { ServiceContext } from '../core/context.ts'
import type { IdempotencyClaim } from '../core/idempotency-claim.ts'
import { Conflict } from '../errors.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Honour the Idempotency-Key header on this route. */
    idempotent?: boolean
  }
  interface FastifyRequest {
    /** The key this request will claim in its transaction, if it carries a new one. */
    idempotencyKey: IdempotencyClaim | null
  }
}

const KEY_TTL_HOURS = 24

/** The header, for the schemas of idempotent routes (and so for OpenAPI). */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' }),
  ),
})

/** The service context for a request: with the key's claim when it carries a new key. */
export function serviceContext(app: FastifyInstance, request: FastifyRequest): ServiceContext {
  const claim = request.idempotencyKey
  if (!claim) return app.ctx
  return { ...app.ctx, idempotency: claim }
}

/** A stable hash of what makes two requests "the same": method, route, params and body. */
function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(request.method)
    .update('\0')
    .update(request.routeOptions.url ?? '')
    .update('\0')
    .update(canonicalJson(request.params))
    .update('\0')
    .update(canonicalJson(request.body))
    .digest('hex')
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

export default fp(
  async function idempotency(app: FastifyInstance) {
    app.decorateRequest('idempotencyKey', null)

    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      const key = request.headers['idempotency-key']
      if (!request.routeOptions.config.idempotent || typeof key !== 'string' || !request.actor)
        return
      const userId = request.actor.id
      const hash = requestHash(request)
      // The caller's expired keys go first (an index range on the primary key's user_id prefix),
      // so the table does not grow without bound and an expired key is free again.
      await app.ctx.db
        .deleteFrom('idempotency_keys')
        .where('user_id', '=', userId)
        .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${KEY_TTL_HOURS})`)
        .execute()
      const first = await app.ctx.db
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status_code', 'response_body'])
        .where('user_id', '=', userId)
        .where('key', '=', key)
        .executeTakeFirst()
      if (!first) {
        request.idempotencyKey = { userId, key, hash }
        return
      }
      if (first.request_hash !== hash) {
        throw new Conflict('This Idempotency-Key was already used with a different request')
      }
      if (first.status_code === null || first.response_body === null) {
        // The claim commits with the create, so this row means the create committed; only its
        // answer is missing (being sent right now, or lost with a crashed process).
        throw new Conflict(
          'The request with this Idempotency-Key was carried out, but its answer was not recorded; look the result up instead of retrying',
        )
      }
      return reply
        .status(first.status_code)
        .header('idempotent-replayed', 'true')
        .type('application/json; charset=utf-8')
        .send(first.response_body)
    })

    // The create committed with its claim; keep its answer for replays.
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
      const claim = request.idempotencyKey
      const status = reply.statusCode
      if (!claim || status < 200 || status >= 300 || typeof payload !== 'string') return payload
      try {
        await app.ctx.db
          .updateTable('idempotency_keys')
          .set({ status_code: status, response_body: payload })
          .where('user_id', '=', claim.userId)
          .where('key', '=', claim.key)
          .execute()
      } catch (err) {
        // The answer still goes out; the key stays claimed, so a retry is refused, never repeated.
        request.log.error({ err: { message: (err as Error).message } }, 'idempotency key not saved')
      }
      return payload
    })
  },
  { name: 'idempotency', dependencies: ['database', 'auth'] },
)
