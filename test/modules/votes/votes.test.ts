import t from 'tap'
import { build } from '../../helper.ts'

const { app, injectAs, factories, vote, assertConsistent, db } = await build(t)
const admin = await factories.user('admin')
const developer = await factories.user('developer')

const budgetOf = async (user: { token: string }, slug: string) =>
  (await injectAs(user, { url: `/api/v1/forums/${slug}/budget` })).json()
const setStatus = (ideaId: number, status: string) =>
  injectAs(developer, {
    method: 'POST',
    url: `/api/v1/ideas/${ideaId}/status`,
    payload: { status },
  })

t.test('votes are absolute and idempotent, and spend the budget', async (t) => {
  const forum = await factories.forum()
  const alice = await factories.user()
  const idea = await factories.idea(forum.id, alice.id)
  const first = await vote(alice, idea.id, 2)
  t.equal(first.statusCode, 200)
  t.same(first.json(), {
    ideaId: idea.id,
    votes: 2,
    idea: { votes: 2, voters: 1 },
    budget: { budget: 10, spent: 2, remaining: 8 },
  })
  const again = await vote(alice, idea.id, 2)
  t.same(again.json(), first.json(), 'the same request again changes nothing')
  const up = (await vote(alice, idea.id, 3)).json()
  t.match(up, { votes: 3, idea: { votes: 3, voters: 1 }, budget: { spent: 3, remaining: 7 } })
  const down = (await vote(alice, idea.id, 1)).json()
  t.match(down, { votes: 1, idea: { votes: 1, voters: 1 }, budget: { spent: 1 } })
  const shown = (await injectAs(alice, { url: `/api/v1/ideas/${idea.id}` })).json()
  t.equal(shown.myVotes, 1)
  t.equal((await injectAs(null, { url: `/api/v1/ideas/${idea.id}` })).json().myVotes, 0)
  await assertConsistent(t)
})

t.test('withdrawing: votes 0 or DELETE', async (t) => {
  const forum = await factories.forum()
  const bob = await factories.user()
  const idea = await factories.idea(forum.id, bob.id)
  await vote(bob, idea.id, 3)
  const zero = (await vote(bob, idea.id, 0)).json()
  t.match(zero, { votes: 0, idea: { votes: 0, voters: 0 }, budget: { spent: 0, remaining: 10 } })
  await vote(bob, idea.id, 2)
  const del = await injectAs(bob, { method: 'DELETE', url: `/api/v1/ideas/${idea.id}/vote` })
  t.equal(del.statusCode, 200)
  t.match(del.json(), { votes: 0, idea: { votes: 0, voters: 0 }, budget: { spent: 0 } })
  const again = await injectAs(bob, { method: 'DELETE', url: `/api/v1/ideas/${idea.id}/vote` })
  t.equal(again.statusCode, 200, 'withdrawing nothing is fine')
  await assertConsistent(t)
})

t.test('over budget → 409 with the budget, and nothing changes', async (t) => {
  const forum = await factories.forum({ voteBudget: 5 })
  const carol = await factories.user()
  const ideas = await Promise.all([1, 2, 3].map(() => factories.idea(forum.id, admin.id)))
  await vote(carol, ideas[0]!.id, 3)
  await vote(carol, ideas[1]!.id, 2)
  const refused = await vote(carol, ideas[2]!.id, 1)
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), {
    code: 'VOTE_BUDGET_EXCEEDED',
    budget: { budget: 5, spent: 5, remaining: 0 },
  })
  const raise = await vote(carol, ideas[1]!.id, 3)
  t.equal(raise.statusCode, 409, 'raising past the budget is refused too')
  const idea2 = (await injectAs(carol, { url: `/api/v1/ideas/${ideas[2]!.id}` })).json()
  t.match(idea2, { votes: 0, voters: 0, myVotes: 0 })
  t.match(await budgetOf(carol, forum.slug), { spent: 5, remaining: 0 })
  t.equal((await vote(carol, ideas[0]!.id, 1)).statusCode, 200, 'lowering is always allowed')
  t.equal((await vote(carol, ideas[2]!.id, 2)).statusCode, 200, 'and frees room')
  await assertConsistent(t)
})

t.test('more votes than the per-idea maximum → 400', async (t) => {
  const forum = await factories.forum({ maxVotesPerIdea: 2 })
  const dave = await factories.user()
  const idea = await factories.idea(forum.id, dave.id)
  const res = await vote(dave, idea.id, 3)
  t.equal(res.statusCode, 400)
  t.equal(res.json().code, 'VALIDATION_FAILED')
  t.equal((await vote(dave, idea.id, -1)).statusCode, 400)
  t.equal((await vote(dave, idea.id, 101)).statusCode, 400)
  t.equal(
    (await injectAs(dave, { method: 'PUT', url: `/api/v1/ideas/${idea.id}/vote`, payload: {} }))
      .statusCode,
    400,
  )
  t.match(await budgetOf(dave, forum.slug), { spent: 0 })
})

t.test('closed ideas: no voting, votes returned, the count stays', async (t) => {
  const forum = await factories.forum()
  const [erin, frank] = [await factories.user(), await factories.user()]
  const idea = await factories.idea(forum.id, admin.id)
  await vote(erin, idea.id, 3)
  await vote(frank, idea.id, 2)
  const closed = await setStatus(idea.id, 'declined')
  t.equal(closed.statusCode, 200)
  t.match(closed.json(), { status: 'declined', votes: 5, voters: 2 })
  t.match(await budgetOf(erin, forum.slug), { spent: 0, remaining: 10, ballots: [] })
  const refused = await vote(erin, idea.id, 1)
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { code: 'VOTING_CLOSED', budget: { spent: 0 } })
  t.equal(
    (await vote(erin, idea.id, 0)).statusCode,
    200,
    'withdrawing from a closed idea is a no-op',
  )
  await assertConsistent(t)

  const reopened = (await setStatus(idea.id, 'open')).json()
  t.match(
    reopened,
    { status: 'open', votes: 0, voters: 0, myVotes: 0 },
    'a reopened idea counts from zero',
  )
  t.match(await budgetOf(erin, forum.slug), { spent: 0 }, 'and re-spends nobody’s votes')
  t.match((await vote(erin, idea.id, 1)).json(), {
    idea: { votes: 1, voters: 1 },
    budget: { spent: 1 },
  })
  await assertConsistent(t)
})

t.test('every closing status returns votes; open statuses keep them', async (t) => {
  const forum = await factories.forum()
  const gina = await factories.user()
  for (const status of ['under_review', 'planned', 'started']) {
    const idea = await factories.idea(forum.id, admin.id)
    await vote(gina, idea.id, 1)
    await setStatus(idea.id, status)
  }
  t.match(await budgetOf(gina, forum.slug), { spent: 3 })
  for (const status of ['completed', 'declined']) {
    const idea = await factories.idea(forum.id, admin.id)
    await vote(gina, idea.id, 2)
    await setStatus(idea.id, status)
  }
  t.match(await budgetOf(gina, forum.slug), { spent: 3 }, 'completed and declined gave theirs back')
  const doomed = await factories.idea(forum.id, gina.id)
  await vote(gina, doomed.id, 3)
  t.equal(
    (await injectAs(gina, { method: 'DELETE', url: `/api/v1/ideas/${doomed.id}` })).statusCode,
    204,
  )
  t.match(await budgetOf(gina, forum.slug), { spent: 3 }, 'deleting gave its votes back')
  await assertConsistent(t)
})

t.test('lowering a forum’s budget takes nothing away', async (t) => {
  const forum = await factories.forum({ voteBudget: 10 })
  const hank = await factories.user()
  const ideas = await Promise.all([1, 2, 3, 4].map(() => factories.idea(forum.id, admin.id)))
  for (const idea of ideas.slice(0, 3)) await vote(hank, idea.id, 3)
  await injectAs(admin, {
    method: 'PATCH',
    url: `/api/v1/forums/${forum.slug}`,
    payload: { voteBudget: 5 },
  })
  t.match(await budgetOf(hank, forum.slug), { budget: 5, spent: 9, remaining: 0 })
  t.equal((await vote(hank, ideas[3]!.id, 1)).statusCode, 409, 'cannot add while over')
  t.equal((await vote(hank, ideas[0]!.id, 2)).statusCode, 200, 'can lower')
  t.equal((await vote(hank, ideas[0]!.id, 3)).statusCode, 409, 'cannot raise back while over')
  await vote(hank, ideas[1]!.id, 0)
  await vote(hank, ideas[2]!.id, 1)
  t.match(await budgetOf(hank, forum.slug), { spent: 3 })
  t.equal((await vote(hank, ideas[3]!.id, 2)).statusCode, 200, 'under again: can add')
  await injectAs(admin, {
    method: 'PATCH',
    url: `/api/v1/forums/${forum.slug}`,
    payload: { maxVotesPerIdea: 1 },
  })
  t.equal(
    (await vote(hank, ideas[3]!.id, 1)).statusCode,
    200,
    'lowering above a lowered maximum is allowed',
  )
  t.equal((await vote(hank, ideas[3]!.id, 2)).statusCode, 400)
  await assertConsistent(t)
})

t.test('quadratic mode: v votes cost v² credits', async (t) => {
  const forum = await factories.forum({
    votingMode: 'quadratic',
    voteBudget: 10,
    maxVotesPerIdea: 5,
  })
  const ivy = await factories.user()
  const [a, b, c] = await Promise.all([1, 2, 3].map(() => factories.idea(forum.id, admin.id)))
  t.match((await vote(ivy, a!.id, 3)).json(), {
    votes: 3,
    idea: { votes: 3 },
    budget: { spent: 9, remaining: 1 },
  })
  t.match((await vote(ivy, b!.id, 1)).json(), { budget: { spent: 10, remaining: 0 } })
  t.equal((await vote(ivy, c!.id, 1)).statusCode, 409)
  t.match(
    (await vote(ivy, a!.id, 2)).json(),
    { budget: { spent: 5 } },
    '3 → 2 votes frees 5 credits',
  )
  t.equal((await vote(ivy, c!.id, 2)).statusCode, 200)
  const budget = await budgetOf(ivy, forum.slug)
  t.match(budget, { budget: 10, spent: 9, votingMode: 'quadratic' })
  t.same(
    budget.ballots.map((x: { votes: number; cost: number }) => [x.votes, x.cost]),
    [
      [2, 4],
      [2, 4],
      [1, 1],
    ],
  )
  await assertConsistent(t)
})

t.test('the budget endpoint shows where my votes are, and only mine', async (t) => {
  const forum = await factories.forum()
  const [jan, kim] = [await factories.user(), await factories.user()]
  const x = await factories.idea(forum.id, admin.id, { title: 'Raise event channel limits' })
  const y = await factories.idea(forum.id, admin.id, { title: 'PV audio' })
  await vote(jan, x.id, 3)
  await vote(jan, y.id, 1)
  await vote(kim, y.id, 2)
  const mine = await budgetOf(jan, forum.slug)
  t.same(mine, {
    budget: 10,
    spent: 4,
    remaining: 6,
    votingMode: 'classic',
    maxVotesPerIdea: 3,
    // Each ballot carries its idea's counters: "my votes" draws a vote control per ballot from
    // this one answer, without a request per idea.
    ballots: [
      {
        ideaId: x.id,
        title: 'Raise event channel limits',
        status: 'open',
        votes: 3,
        cost: 3,
        idea: { votes: 3, voters: 1 },
      },
      {
        ideaId: y.id,
        title: 'PV audio',
        status: 'open',
        votes: 1,
        cost: 1,
        idea: { votes: 3, voters: 2 },
      },
    ],
  })
  t.equal((await injectAs(null, { url: `/api/v1/forums/${forum.slug}/budget` })).statusCode, 401)
  t.equal((await injectAs(jan, { url: '/api/v1/forums/no-such-forum/budget' })).statusCode, 404)
})

t.test('voting needs an account and an existing idea', async (t) => {
  const forum = await factories.forum()
  const idea = await factories.idea(forum.id, admin.id)
  const anon = await injectAs(null, {
    method: 'PUT',
    url: `/api/v1/ideas/${idea.id}/vote`,
    payload: { votes: 1 },
  })
  t.equal(anon.statusCode, 401)
  const lee = await factories.user()
  const missing = await vote(lee, 99999999, 1)
  t.equal(missing.statusCode, 404)
  t.equal((await vote(lee, 0, 1)).statusCode, 400)
})

t.test('every vote is recorded as an event for trending', async (t) => {
  const forum = await factories.forum()
  const mo = await factories.user()
  const idea = await factories.idea(forum.id, admin.id)
  for (const n of [1, 3, 3, 2, 0]) await vote(mo, idea.id, n)
  const events = await db
    .selectFrom('vote_events')
    .select('delta')
    .where('idea_id', '=', idea.id)
    .orderBy('id')
    .execute()
  t.same(
    events.map((e) => e.delta),
    [1, 2, -1, -2],
    'one event per change, none for a no-op',
  )
})

t.test('tally check finds drift and --fix repairs it', async (t) => {
  const { checkConsistency, driftCount, repairConsistency } =
    await import('../../../src/modules/votes/consistency.ts')
  const forum = await factories.forum()
  const nia = await factories.user()
  const [a, b] = [
    await factories.idea(forum.id, admin.id),
    await factories.idea(forum.id, admin.id),
  ]
  await vote(nia, a.id, 2)
  await vote(nia, b.id, 1)
  await db.updateTable('budgets').set({ spent: 7 }).where('user_id', '=', nia.id).execute()
  await db.updateTable('ideas').set({ votes: 40, voters: 9 }).where('id', '=', a.id).execute()
  await db.updateTable('ideas').set({ status: 'declined' }).where('id', '=', b.id).execute()
  const drift = await checkConsistency(db)
  t.same(drift.unreleasedBallots, [{ ideaId: b.id, userId: nia.id }])
  t.same(drift.budgets, [{ forumId: forum.id, userId: nia.id, recorded: 7, actual: 2 }])
  t.same(drift.ideas, [{ ideaId: a.id, votes: [40, 2], voters: [9, 1] }])
  const fixed = await repairConsistency(app.ctx)
  t.equal(driftCount(fixed), 3, 'reports what it repaired')
  t.equal(driftCount(await checkConsistency(db)), 0, 'clean afterwards')
  t.match(await budgetOf(nia, forum.slug), { spent: 2 })
})
