// Hundreds of simultaneous votes (with closes, reopens and merges among them) against a real
// PostgreSQL server: no budget is ever exceeded and every derived number matches the ballots.
import { sql } from 'kysely'
import t from 'tap'
import { build, serverBase } from '../../helper.ts'

if (!serverBase) {
  t.comment('concurrency runs against PostgreSQL only (set TEST_DATABASE_URL)')
  t.pass('skipped on the embedded engine, which serialises every transaction')
} else {
  const { injectAs, factories, vote, assertConsistent, db } = await build(t, { poolSize: 20 })
  const developer = await factories.user('developer')

  // A small deterministic PRNG, so a failure can be replayed.
  let seed = 20130301
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff
    return (seed >>> 8) % n
  }

  for (const mode of ['classic', 'quadratic'] as const) {
    t.test(`${mode}: 480 simultaneous votes from 4 users on 12 ideas`, async (t) => {
      const forum = await factories.forum({ voteBudget: 10, maxVotesPerIdea: 3, votingMode: mode })
      const users = await Promise.all([1, 2, 3, 4].map(() => factories.user()))
      const ideas = await Promise.all(
        Array.from({ length: 12 }, () => factories.idea(forum.id, developer.id)),
      )
      const requests = Array.from({ length: 480 }, () => {
        const user = users[random(users.length)]!
        const idea = ideas[random(ideas.length)]!
        return vote(user, idea.id, random(4))
      })
      // Some ideas close and reopen, and one merge, in the middle of the storm.
      const triage = [
        injectAs(developer, {
          method: 'POST',
          url: `/api/v1/ideas/${ideas[0]!.id}/status`,
          payload: { status: 'declined' },
        }),
        injectAs(developer, {
          method: 'POST',
          url: `/api/v1/ideas/${ideas[1]!.id}/status`,
          payload: { status: 'completed' },
        }),
        injectAs(developer, {
          method: 'POST',
          url: `/api/v1/ideas/${ideas[2]!.id}/merge`,
          payload: { intoId: ideas[3]!.id },
        }),
        injectAs(developer, {
          method: 'POST',
          url: `/api/v1/ideas/${ideas[1]!.id}/status`,
          payload: { status: 'open' },
        }),
      ]
      const responses = await Promise.all([...requests, ...triage])
      const codes = new Map<number, number>()
      for (const r of responses) codes.set(r.statusCode, (codes.get(r.statusCode) ?? 0) + 1)
      t.comment(`status codes: ${JSON.stringify(Object.fromEntries(codes))}`)
      t.notOk(
        [...codes.keys()].some((c) => c >= 500),
        'no request failed',
      )
      t.ok((codes.get(409) ?? 0) > 0, 'the budget was contested (some votes refused)')

      const spent = await db
        .selectFrom('budgets')
        .select(['user_id', 'spent'])
        .where('forum_id', '=', forum.id)
        .execute()
      for (const row of spent) t.ok(row.spent <= 10, `user ${row.user_id} spent ${row.spent} ≤ 10`)
      const sums = await sql<{ user_id: number; cost: number }>`
        SELECT b.user_id, sum(b.cost)::int AS cost FROM ballots b JOIN ideas i ON i.id = b.idea_id
         WHERE b.forum_id = ${forum.id} AND NOT b.released
           AND i.status IN ('open', 'under_review', 'planned', 'started')
         GROUP BY 1`.execute(db)
      for (const row of spent) {
        const actual = sums.rows.find((s) => s.user_id === row.user_id)?.cost ?? 0
        t.equal(row.spent, actual, `user ${row.user_id}: spent = Σ ballot costs`)
        t.ok(actual <= 10, `user ${row.user_id}: ballots cost ${actual} ≤ 10`)
      }
      await assertConsistent(t)
    })
  }
}
