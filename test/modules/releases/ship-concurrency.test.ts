// Shipping while people vote on the release's ideas. The ship used to lock each idea and then its
// voters' budgets one idea at a time, while a vote locks an idea and then its voter's budget: the
// two deadlocked (ship 500, votes 500). Now every lock is taken in one global order (forum shared,
// ideas by id, budgets by forum and user) and a deadlock is retried, never answered 500.
import t from 'tap'
import { build } from '../../helper.ts'

const { injectAs, factories, vote, assertConsistent } = await build(t, { poolSize: 24 })
const coordinator = await factories.user('coordinator')

const ROUNDS = 4
const VOTERS = 12
const IDEAS = 8

t.test('votes during a ship: no 5xx, budgets and counters consistent', async (t) => {
  const statuses = new Map<number, number>()
  for (let round = 0; round < ROUNDS; round++) {
    const forum = await factories.forum({ voteBudget: 30, maxVotesPerIdea: 3 })
    const voters = await Promise.all(Array.from({ length: VOTERS }, () => factories.user()))
    const ideas = await Promise.all(
      Array.from({ length: IDEAS }, () => factories.idea(forum.id, coordinator.id)),
    )
    for (const v of voters) for (const idea of ideas) await vote(v, idea.id, 1)
    const release = (
      await injectAs(coordinator, {
        method: 'POST',
        url: `/api/v1/forums/${forum.slug}/releases`,
        payload: {
          name: 'r',
          featureFreezeAt: '2099-01-01T00:00:00Z',
          releaseAt: '2099-02-01T00:00:00Z',
        },
      })
    ).json() as { id: number }
    // Half the ideas ship as done (their ballots are released), half stay open.
    for (const idea of ideas.slice(0, IDEAS / 2)) {
      const res = await injectAs(coordinator, {
        method: 'POST',
        url: `/api/v1/ideas/${idea.id}/promote`,
        payload: { releaseId: release.id, prognosis: 'done' },
      })
      t.equal(res.statusCode, 201)
    }
    const storm = voters.flatMap((v, i) =>
      ideas.map((idea, j) => vote(v, idea.id, ((i + j + round) % 3) + 1)),
    )
    const ship = injectAs(coordinator, {
      method: 'POST',
      url: `/api/v1/releases/${release.id}/ship`,
    })
    const answers = await Promise.all([ship, ...storm])
    for (const a of answers) statuses.set(a.statusCode, (statuses.get(a.statusCode) ?? 0) + 1)
    t.equal(answers[0]!.statusCode, 200, `round ${round}: the ship succeeded`)
  }
  const fivexx = [...statuses].filter(([s]) => s >= 500)
  t.same(fivexx, [], `answers: ${JSON.stringify(Object.fromEntries(statuses))}`)
  t.same(
    [...statuses.keys()].filter((s) => s !== 200 && s !== 409),
    [],
    'every vote is placed or refused (closed / over budget)',
  )
  await assertConsistent(t)
})
