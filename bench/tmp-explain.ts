import pg from 'pg'
import { Kysely, PostgresDialect } from 'kysely'
import { listIdeasQuery } from '../src/modules/ideas/ranking.ts'
import { OPEN_STATUSES, type DB } from '../src/db/schema.ts'
const pool = new pg.Pool({
  connectionString: 'postgres://postgres@127.0.0.1:5432/tally_bench_dev',
  max: 1,
})
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
const which = process.argv.slice(2)
if (process.env.NOPAR)
  pool.on('connect', (c) => void c.query('SET max_parallel_workers_per_gather = 0'))
for (const sort of which) {
  const q = listIdeasQuery(db, {
    forumId: 3,
    statuses: OPEN_STATUSES,
    sort: sort === 'search' ? 'relevance' : (sort as 'top'),
    search: sort === 'search' ? 'live migration' : undefined,
    limit: 20,
    now: new Date(),
    viewerId: sort === 'top-viewer' ? 55 : null,
    unpromotedOnly: false,
  }).compile()
  const { rows } = await pool.query(
    'EXPLAIN (ANALYZE, BUFFERS) ' + q.sql,
    q.parameters as unknown[],
  )
  console.log('=== ' + sort + '\n' + q.sql + '\n' + rows.map((r) => r['QUERY PLAN']).join('\n'))
}
await pool.end()
