// The top page of a forum with 100k ideas is an index scan that stops after a page, not a sort.
import { OPEN_STATUSES } from '../../../src/core/domain.ts'
import { sql } from 'kysely'
import t from 'tap'
import { listIdeasQuery, type IdeaSort } from '../../../src/modules/ideas/ranking.ts'
import { build, serverBase } from '../../helper.ts'

if (!serverBase) {
  t.pass('query plans are checked on PostgreSQL (set TEST_DATABASE_URL)')
} else {
  const { factories, database } = await build(t)
  const author = await factories.user()
  const forum = await factories.forum()
  const other = await factories.forum()
  for (const f of [forum.id, other.id]) {
    await sql`
      INSERT INTO ideas (forum_id, author_id, title, votes, voters, status, created_at)
      SELECT ${f}, ${author.id}, 'Generated idea ' || g, (g * 7919) % 500, (g * 31) % 200,
             CASE WHEN g % 10 = 0 THEN 'completed' ELSE 'open' END,
             now() - (g || ' minutes')::interval
        FROM generate_series(1, ${f === forum.id ? 100000 : 20000}) g`.execute(database.db)
  }
  await sql`ANALYZE ideas`.execute(database.db)

  const explain = async (sort: IdeaSort, cursor?: string) => {
    const compiled = listIdeasQuery(database.db, {
      forumId: forum.id,
      statuses: OPEN_STATUSES,
      sort,
      limit: 20,
      cursor,
      now: new Date(),
      viewerId: author.id,
    }).compile()
    const { rows } = await database.pool.query(`EXPLAIN (ANALYZE, FORMAT TEXT) ${compiled.sql}`, [
      ...compiled.parameters,
    ])
    return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')
  }

  for (const [sort, index] of [
    ['top', 'ideas_open_top_idx'],
    ['new', 'ideas_open_new_idx'],
    ['hot', 'ideas_open_hot_idx'],
  ] as const) {
    t.test(`${sort}: index scan on ${index}, no sort`, async (t) => {
      const plan = await explain(sort)
      t.comment(plan)
      t.match(plan, new RegExp(`Index Scan using ${index}`))
      t.notMatch(plan, /\bSort\b/, 'no sort node')
      const deep = Buffer.from(
        JSON.stringify(
          sort === 'top'
            ? [250, 100, -50000]
            : sort === 'new'
              ? [Date.now() / 1000 - 3000 * 60, 50000]
              : [0, 50000],
        ),
      ).toString('base64url')
      const deepPlan = await explain(sort, deep)
      t.match(
        deepPlan,
        new RegExp(`Index Scan using ${index}`),
        'a deep page starts inside the index too',
      )
      t.match(
        deepPlan,
        /Index Cond: .*ROW|Index Cond: \(\(forum_id = \$\d+\) AND/,
        'the cursor is an index condition',
      )
    })
  }
}
