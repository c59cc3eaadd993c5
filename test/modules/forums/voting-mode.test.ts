// Changing a forum's voting mode reprices every active ballot, and so every budget, in the same
// unit of work: no ballot keeps the old mode's price, and `tally check` stays clean.
import t from 'tap'
import { build } from '../../helper.ts'

const built = await build(t)
const { injectAs, factories, vote, assertConsistent } = built
const admin = await factories.user('admin')
const voter = await factories.user()
const forum = await factories.forum({ voteBudget: 10, maxVotesPerIdea: 3 })
const [a, b, closed] = [
  await factories.idea(forum.id, admin.id),
  await factories.idea(forum.id, admin.id),
  await factories.idea(forum.id, admin.id),
]
const budget = async () =>
  (await injectAs(voter, { url: `/api/v1/forums/${forum.slug}/budget` })).json()
const setMode = (votingMode: string) =>
  injectAs(admin, { method: 'PATCH', url: `/api/v1/forums/${forum.slug}`, payload: { votingMode } })

t.test('classic → quadratic → classic', async (t) => {
  await vote(voter, a.id, 3)
  await vote(voter, b.id, 2)
  await vote(voter, closed.id, 1)
  await injectAs(admin, {
    method: 'POST',
    url: `/api/v1/ideas/${closed.id}/status`,
    payload: { status: 'declined' },
  })
  t.match(await budget(), { spent: 5 })

  t.equal((await setMode('quadratic')).statusCode, 200)
  const quadratic = await budget()
  t.match(quadratic, { spent: 13, remaining: 0, votingMode: 'quadratic' }, '9 + 4 credits')
  t.same(
    quadratic.ballots.map((x: { cost: number }) => x.cost),
    [9, 4],
  )
  await assertConsistent(t)
  const more = await vote(voter, b.id, 3)
  t.equal(more.statusCode, 409, 'over the budget after repricing: nothing more to spend')
  t.equal((await vote(voter, a.id, 1)).statusCode, 200, 'lowering is always allowed')
  t.match(await budget(), { spent: 5 })

  t.equal((await setMode('classic')).statusCode, 200)
  t.match(await budget(), { spent: 3 }, '1 + 2 votes')
  await assertConsistent(t)
})

t.test('tally check finds ballots priced by another mode, and --fix reprices them', async (t) => {
  const { checkConsistency, repairConsistency, driftCount } =
    await import('../../../src/modules/votes/consistency.ts')
  const { app, db } = built
  const other = await factories.forum({ voteBudget: 20, votingMode: 'quadratic' })
  const idea = await factories.idea(other.id, admin.id)
  await vote(voter, idea.id, 3)
  // A ballot keeping the old price, as a mode change used to leave it.
  await db.updateTable('ballots').set({ cost: 3 }).where('idea_id', '=', idea.id).execute()
  await db
    .updateTable('budgets')
    .set({ spent: 3 })
    .where('forum_id', '=', other.id)
    .where('user_id', '=', voter.id)
    .execute()
  const drift = await checkConsistency(db)
  t.same(drift.mispricedBallots, [{ ideaId: idea.id, userId: voter.id, cost: 3, price: 9 }])
  t.same(drift.budgets, [{ forumId: other.id, userId: voter.id, recorded: 3, actual: 9 }])
  await repairConsistency(app.ctx)
  t.equal(driftCount(await checkConsistency(db)), 0)
})
