// Model-based property test: random sequences of vote / withdraw / close / reopen / merge /
// delete / budget changes, run through the HTTP API and against VoteModel; after every step the
// answers, budgets and counters must agree, and `tally check` must find nothing.
import assert from 'node:assert/strict'
import fc from 'fast-check'
import t from 'tap'
import { build, serverBase, engine } from '../../helper.ts'
import { isOpen, VoteModel, type Mode, type Status } from './model.ts'

const { injectAs, factories, vote, db, assertConsistent } = await build(t)
const admin = await factories.user('admin')
const developer = await factories.user('developer')

interface Real {
  slug: string
  forumId: number
  users: Awaited<ReturnType<typeof factories.user>>[]
  ideas: number[]
}
type Command = fc.AsyncCommand<VoteModel, Real>

async function compare(model: VoteModel, real: Real) {
  const budgets = await db
    .selectFrom('budgets')
    .select(['user_id', 'spent'])
    .where('forum_id', '=', real.forumId)
    .execute()
  for (const user of model.users) {
    const spent = budgets.find((b) => b.user_id === user)?.spent ?? 0
    assert.equal(spent, model.spent.get(user), `spent of user ${user}`)
    assert.ok(spent <= Math.max(model.budget, spent) && spent >= 0)
  }
  const ideas = await db
    .selectFrom('ideas')
    .select(['id', 'status', 'votes', 'voters'])
    .where('forum_id', '=', real.forumId)
    .execute()
  for (const row of ideas) {
    const expected = model.ideas.get(row.id)!
    assert.deepEqual(
      { status: row.status, votes: row.votes, voters: row.voters },
      expected,
      `idea ${row.id}`,
    )
  }
}

const step = (name: string, act: (m: VoteModel, r: Real) => Promise<void>): Command => ({
  check: () => true,
  run: async (m, r) => {
    await act(m, r)
    await compare(m, r)
  },
  toString: () => name,
})

const userIx = fc.integer({ min: 0, max: 2 })
const ideaIx = fc.integer({ min: 0, max: 3 })
const commands = [
  fc.tuple(userIx, ideaIx, fc.integer({ min: 0, max: 4 })).map(([u, i, n]) =>
    step(`vote(u${u}, i${i}, ${n})`, async (m, r) => {
      const res = await vote(r.users[u]!, r.ideas[i]!, n)
      assert.equal(res.statusCode, m.vote(r.users[u]!.id, r.ideas[i]!, n), res.body)
    }),
  ),
  fc.tuple(userIx, ideaIx).map(([u, i]) =>
    step(`withdraw(u${u}, i${i})`, async (m, r) => {
      const res = await injectAs(r.users[u]!, {
        method: 'DELETE',
        url: `/api/v1/ideas/${r.ideas[i]}/vote`,
      })
      assert.equal(res.statusCode, m.vote(r.users[u]!.id, r.ideas[i]!, 0), res.body)
    }),
  ),
  fc
    .tuple(
      ideaIx,
      fc.constantFrom<Status>(
        'completed',
        'declined',
        'open',
        'under_review',
        'planned',
        'started',
      ),
    )
    .map(([i, status]) =>
      step(`status(i${i}, ${status})`, async (m, r) => {
        const res = await injectAs(developer, {
          method: 'POST',
          url: `/api/v1/ideas/${r.ideas[i]}/status`,
          payload: { status },
        })
        assert.equal(res.statusCode, m.setStatus(r.ideas[i]!, status), res.body)
      }),
    ),
  fc.tuple(ideaIx, ideaIx).map(([a, b]) =>
    step(`merge(i${a} → i${b})`, async (m, r) => {
      const res = await injectAs(developer, {
        method: 'POST',
        url: `/api/v1/ideas/${r.ideas[a]}/merge`,
        payload: { intoId: r.ideas[b] },
      })
      assert.equal(res.statusCode, m.merge(r.ideas[a]!, r.ideas[b]!), res.body)
    }),
  ),
  ideaIx.map((i) =>
    step(`delete(i${i})`, async (m, r) => {
      const res = await injectAs(admin, { method: 'DELETE', url: `/api/v1/ideas/${r.ideas[i]}` })
      assert.equal(res.statusCode, m.delete(r.ideas[i]!), res.body)
    }),
  ),
  fc.integer({ min: 1, max: 10 }).map((budget) =>
    step(`budget(${budget})`, async (m, r) => {
      const res = await injectAs(admin, {
        method: 'PATCH',
        url: `/api/v1/forums/${r.slug}`,
        payload: { voteBudget: budget },
      })
      assert.equal(res.statusCode, 200, res.body)
      m.budget = budget
    }),
  ),
]

const runs = serverBase ? 120 : 30
t.test(`${engine}: the API follows the model over ${runs} random command sequences`, async (t) => {
  let sequences = 0
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        mode: fc.constantFrom<Mode>('classic', 'quadratic'),
        budget: fc.integer({ min: 2, max: 10 }),
        max: fc.integer({ min: 1, max: 3 }),
      }),
      fc.commands(commands, { maxCommands: 30 }),
      async (settings, cmds) => {
        const forum = await factories.forum({
          voteBudget: settings.budget,
          maxVotesPerIdea: settings.max,
          votingMode: settings.mode,
        })
        const users = await Promise.all([0, 1, 2].map(() => factories.user()))
        const ideas = await Promise.all([0, 1, 2, 3].map(() => factories.idea(forum.id, admin.id)))
        const real: Real = {
          slug: forum.slug,
          forumId: forum.id,
          users,
          ideas: ideas.map((i) => i.id),
        }
        const model = new VoteModel(
          settings.budget,
          settings.max,
          settings.mode,
          users.map((u) => u.id),
          real.ideas,
        )
        await fc.asyncModelRun(() => ({ model, real }), cmds)
        sequences++
      },
    ),
    { numRuns: runs, seed: Number(process.env.FC_SEED ?? 20130301) },
  )
  t.equal(sequences, runs, `${runs} sequences ran`)
  await assertConsistent(t)
  t.ok(isOpen('open'))
})
