// Idempotency-Key on the POST creates (routes with `config: {idempotent: true}`), with Stripe's
// semantics: the same key and the same request replay the first answer; the same key with another
// request is 409 CONFLICT. Keys belong to the signed-in user and expire after 24 hours.
//
// The key is claimed (a row with no answer yet) before the handler runs, so two concurrent
// requests with one key cannot both create: the second gets 409. A 2xx answer is stored and
// replayed; a 4xx means nothing was created, so the key is freed for a corrected retry. After a
// 5xx (or a crash) the key stays claimed without an answer and answers 409: whether the create
// committed is unknown, and refusing is the answer that can never create twice.
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { sql } from 'kysely'
import { Type } from 'typebox'
import { Conflict } from '../errors.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Honour the Idempotency-Key header on this route. */
    idempotent?: boolean
  }
  interface FastifyRequest {
    /** The key this request claimed, if it claimed one. */
    idempotencyKey: { userId: number; key: string } | null
  }
}

const KEY_TTL_HOURS = 24

/** The header, for the schemas of idempotent routes (and so for OpenAPI). */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' }),
  ),
})

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
      // Keys expire after a day, as Stripe's do: the caller's old ones go first (the primary key's
      // user_id prefix makes this an index range), so the table does not grow without bound.
      await app.ctx.db
        .deleteFrom('idempotency_keys')
        .where('user_id', '=', userId)
        .where(
          'created_at',
          '<',
          sql<Date>`now() - interval '${sql.raw(String(KEY_TTL_HOURS))} hours'`,
        )
        .execute()
      const claimed = await app.ctx.db
        .insertInto('idempotency_keys')
        .values({ user_id: userId, key, request_hash: hash })
        .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst()
      if (claimed) {
        request.idempotencyKey = { userId, key }
        return
      }
      const first = await app.ctx.db
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status_code', 'response_body'])
        .where('user_id', '=', userId)
        .where('key', '=', key)
        .executeTakeFirstOrThrow()
      if (first.request_hash !== hash) {
        throw new Conflict('This Idempotency-Key was already used with a different request')
      }
      if (first.status_code === null || first.response_body === null) {
        throw new Conflict(
          'A request with this Idempotency-Key is in progress or ended without an answer; use a new key',
        )
      }
      return reply
        .status(first.status_code)
        .header('idempotent-replayed', 'true')
        .type('application/json; charset=utf-8')
        .send(first.response_body)
    })

    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
      const claim = request.idempotencyKey
      if (!claim) return payload
      request.idempotencyKey = null
      const status = reply.statusCode
      const row = app.ctx.db
        .updateTable('idempotency_keys')
        .where('user_id', '=', claim.userId)
        .where('key', '=', claim.key)
      try {
        if (status >= 200 && status < 300 && typeof payload === 'string') {
          await row.set({ status_code: status, response_body: payload }).execute()
        } else if (status >= 400 && status < 500) {
          await app.ctx.db
            .deleteFrom('idempotency_keys')
            .where('user_id', '=', claim.userId)
            .where('key', '=', claim.key)
            .execute()
        }
      } catch (err) {
        // The answer still goes out; the key stays claimed, so a retry is refused, never repeated.
        request.log.error({ err: { message: (err as Error).message } }, 'idempotency key not saved')
      }
      return payload
    })
  },
  { name: 'idempotency', dependencies: ['database', 'auth'] },
)
