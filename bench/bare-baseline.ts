// Baseline (i): a bare Fastify server — no auth, no validation, no Kysely at request time — that
// runs the service's own SQL for a vote and for the first page of `sort=top` straight through
// pg. The list SQL is compiled once, at start, from the service's query builder, so the two can
// never drift apart. Started as a child by run.ts (DATABASE_URL, DATABASE_POOL_SIZE, PORT).
import { OPEN_STATUSES } from '../src/core/domain.ts'
import Fastify from 'fastify'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { type DB } from '../src/db/schema.ts'
import { listIdeasQuery } from '../src/modules/ideas/ranking.ts'

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
})
const FORUM = 2_000_000_001
const LIMIT = 20
const list = listIdeasQuery(new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), {
  forumId: FORUM,
  statuses: OPEN_STATUSES,
  sort: 'top',
  limit: LIMIT,
  now: new Date(),
  viewerId: null,
}).compile()
const forumAt = list.parameters.indexOf(FORUM)

const app = Fastify({ logger: false })

app.get('/ready', async () => ({ status: 'ready' }))

app.get<{ Params: { slug: string } }>('/forums/:slug/ideas', async (request, reply) => {
  const forum = await pool.query('SELECT id FROM forums WHERE slug = $1', [request.params.slug])
  if (forum.rows.length === 0) return reply.status(404).send({ message: 'no forum' })
  const params = [...list.parameters]
  params[forumAt] = forum.rows[0].id
  const { rows } = await pool.query(list.sql, params)
  return { items: rows.slice(0, LIMIT) }
})

app.put<{ Params: { id: string }; Body: { votes: number } }>(
  '/ideas/:id/vote',
  async (request, reply) => {
    const { rows } = await pool.query('SELECT * FROM tally_set_vote($1, $2, $3, $4)', [
      Number(request.params.id),
      Number(request.headers['x-user']),
      request.body.votes,
      new Date(),
    ])
    const row = rows[0]
    if (row.outcome !== 'ok') return reply.status(409).send(row)
    return row
  },
)

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) })
process.once('SIGTERM', () => void app.close().then(() => pool.end()))
