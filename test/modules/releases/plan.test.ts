import t from 'tap'
import { bestPlan } from '../../../src/modules/releases/plan.ts'
import { build } from '../../helper.ts'

const { injectAs, factories, vote } = await build(t)
const coordinator = await factories.user('coordinator')
const developer = await factories.user('developer')
const member = await factories.user()
const forum = await factories.forum({ slug: 'plan', voteBudget: 100, maxVotesPerIdea: 10 })

t.test('the optimum where greedy by votes per week fails (DESIGN.md §4)', async (t) => {
  const release = (
    await injectAs(coordinator, {
      method: 'POST',
      url: '/api/v1/forums/plan/releases',
      payload: {
        name: '4.3',
        featureFreezeAt: '2030-03-25T00:00:00Z',
        releaseAt: '2030-06-17T00:00:00Z',
        capacity: 7,
      },
    })
  ).json()
  const voters = await Promise.all(Array.from({ length: 7 }, () => factories.user()))
  const ideas = []
  for (const [effort, votes] of [
    [1, 1],
    [3, 4],
    [4, 5],
    [5, 7],
  ] as const) {
    const idea = await factories.idea(forum.id, member.id, { title: `Costs ${effort} weeks` })
    for (let i = 0; i < votes; i++) await vote(voters[i]!, idea.id, 1)
    await injectAs(developer, {
      method: 'PATCH',
      url: `/api/v1/ideas/${idea.id}/triage`,
      payload: { effort },
    })
    ideas.push(idea)
  }
  await factories.idea(forum.id, member.id, { title: 'Never estimated' })
  const res = await injectAs(developer, { url: `/api/v1/releases/${release.id}/plan` })
  t.equal(res.statusCode, 200)
  const plan = res.json()
  t.equal(plan.capacity, 7)
  t.equal(plan.totalVotes, 9, 'optimum 9 (greedy would take 8)')
  t.equal(plan.totalEffort, 7)
  t.same(
    plan.chosen.map((c: { ideaId: number }) => c.ideaId).sort(),
    [ideas[1]!.id, ideas[2]!.id].sort(),
  )
  t.same(
    plan.leftOut.map((c: { ideaId: number }) => c.ideaId).sort(),
    [ideas[0]!.id, ideas[3]!.id].sort(),
  )
  t.match(plan.chosen[0], { ideaId: Number, title: String, votes: Number, effort: Number })
  t.equal(plan.unestimated, 1)
  const wider = (
    await injectAs(developer, { url: `/api/v1/releases/${release.id}/plan?capacity=13` })
  ).json()
  t.equal(wider.totalVotes, 17, 'a capacity parameter overrides the release’s')
  t.equal((await injectAs(member, { url: `/api/v1/releases/${release.id}/plan` })).statusCode, 403)
  t.equal(
    (await injectAs(developer, { url: `/api/v1/releases/${release.id}/plan?capacity=0` }))
      .statusCode,
    400,
  )
  t.equal((await injectAs(developer, { url: '/api/v1/releases/999999/plan' })).statusCode, 404)
})

t.test('no capacity anywhere → 400', async (t) => {
  const release = (
    await injectAs(coordinator, {
      method: 'POST',
      url: '/api/v1/forums/plan/releases',
      payload: {
        name: 'nocap',
        featureFreezeAt: '2030-03-25T00:00:00Z',
        releaseAt: '2030-06-17T00:00:00Z',
      },
    })
  ).json()
  const res = await injectAs(developer, { url: `/api/v1/releases/${release.id}/plan` })
  t.equal(res.statusCode, 400)
  t.equal(res.json().code, 'VALIDATION_FAILED')
})

t.test('exact against brute force on random sets, fractional efforts included', async (t) => {
  let seed = 42
  const random = () =>
    ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) >>> 8) / (1 << 23)
  for (let round = 0; round < 200; round++) {
    const n = 1 + Math.floor(random() * 12)
    const items = Array.from({ length: n }, (_, id) => ({
      id,
      votes: Math.floor(random() * 50),
      effort: Math.round((0.1 + random() * 8) * 10) / 10,
    }))
    const capacity = Math.round(random() * 20 * 10) / 10
    let best = 0
    for (let mask = 0; mask < 1 << n; mask++) {
      let effort = 0
      let votes = 0
      for (let i = 0; i < n; i++)
        if (mask & (1 << i)) {
          effort += items[i]!.effort
          votes += items[i]!.votes
        }
      if (effort <= capacity + 1e-9 && votes > best) best = votes
    }
    const plan = bestPlan(items, capacity)
    const votes = plan.chosen.reduce((s, c) => s + c.votes, 0)
    const effort = plan.chosen.reduce((s, c) => s + c.effort, 0)
    if (votes !== best || effort > capacity + 1e-9)
      t.fail(`round ${round}: got ${votes} (effort ${effort}), best ${best}`)
  }
  t.pass('200 random sets match brute force')
})

t.test('500 candidates, capacity 200: answered quickly (reported, not asserted)', async (t) => {
  let seed = 7
  const random = () =>
    ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) >>> 8) / (1 << 23)
  const items = Array.from({ length: 500 }, (_, id) => ({
    id,
    votes: Math.floor(random() * 500),
    effort: Math.round((0.5 + random() * 12) * 10) / 10,
  }))
  const start = process.hrtime.bigint()
  const plan = bestPlan(items, 200)
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  t.comment(`knapsack of 500 candidates at capacity 200: ${ms.toFixed(1)} ms`)
  t.ok(plan.chosen.reduce((s, c) => s + c.effort, 0) <= 200)
})
