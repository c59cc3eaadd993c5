// Per-account limits on writing (IDEA_/COMMENT_/VOTE_/EDIT_RATE_LIMIT), set low here: 429
// RATE_LIMITED with Retry-After past the limit, keyed on the account (not the IP), one allowance
// per kind across its routes, and nothing counted for requests that create nothing.
import t, { type Test } from 'tap'
import { build } from '../helper.ts'

const LOW = {
  IDEA_RATE_LIMIT: '2/min,100/day',
  COMMENT_RATE_LIMIT: '100/min,2/day',
  VOTE_RATE_LIMIT: '3/min',
  EDIT_RATE_LIMIT: '1/min',
}
const { injectAs, factories, db } = await build(t, { env: LOW })
const forum = await factories.forum({ voteBudget: 100 })

const suggest = (user: { token: string }, title: string, headers: Record<string, string> = {}) =>
  injectAs(user, {
    method: 'POST',
    url: `/api/v1/forums/${forum.slug}/ideas`,
    payload: { title },
    headers,
    remoteAddress: `10.9.0.${Math.floor(Math.random() * 250)}`,
  })

function assertLimited(t: Test, res: Awaited<ReturnType<typeof suggest>>, within: number) {
  t.equal(res.statusCode, 429)
  t.equal(res.json().code, 'RATE_LIMITED')
  const retryAfter = Number(res.headers['retry-after'])
  t.ok(retryAfter > 0 && retryAfter <= within, `Retry-After ${retryAfter} s`)
}

t.test('new ideas: per account per minute, from any address', async (t) => {
  const member = await factories.user()
  t.equal((await suggest(member, 'First of the minute')).statusCode, 201)
  t.equal((await suggest(member, 'Second of the minute')).statusCode, 201)
  const third = await suggest(member, 'Third of the minute')
  assertLimited(t, third, 60)
  t.match(third.json().message, /At most 2 ideas a minute/)
  const created = await db
    .selectFrom('ideas')
    .select('id')
    .where('author_id', '=', member.id)
    .execute()
  t.equal(created.length, 2, 'the refused request created nothing')
  const other = await factories.user()
  t.equal((await suggest(other, 'Someone else suggests')).statusCode, 201, 'others are not limited')
})

t.test(
  'what creates nothing is not counted: invalid input, an Idempotency-Key replay',
  async (t) => {
    const member = await factories.user()
    for (let i = 0; i < 3; i++) t.equal((await suggest(member, 'x')).statusCode, 400)
    const key = { 'idempotency-key': 'limits-replay-1' }
    t.equal((await suggest(member, 'Kept once', key)).statusCode, 201)
    for (let i = 0; i < 3; i++) {
      const replay = await suggest(member, 'Kept once', key)
      t.equal(replay.statusCode, 201)
      t.equal(replay.headers['idempotent-replayed'], 'true')
    }
    t.equal((await suggest(member, 'The second new one')).statusCode, 201)
    assertLimited(t, await suggest(member, 'The third new one'), 60)
  },
)

t.test('votes: setting and withdrawing draw on one allowance', async (t) => {
  const member = await factories.user()
  const author = await factories.user()
  const idea = await factories.idea(forum.id, author.id)
  const vote = (votes: number) =>
    injectAs(member, { method: 'PUT', url: `/api/v1/ideas/${idea.id}/vote`, payload: { votes } })
  t.equal((await vote(1)).statusCode, 200)
  t.equal((await vote(2)).statusCode, 200)
  const withdraw = () =>
    injectAs(member, { method: 'DELETE', url: `/api/v1/ideas/${idea.id}/vote` })
  t.equal((await withdraw()).statusCode, 200)
  assertLimited(t, await vote(1), 60)
  assertLimited(t, await withdraw(), 60)
})

t.test('comments: per day as well as per minute', async (t) => {
  const member = await factories.user()
  const idea = await factories.idea(forum.id, member.id)
  const comment = () =>
    injectAs(member, {
      method: 'POST',
      url: `/api/v1/ideas/${idea.id}/comments`,
      payload: { body: 'Me too' },
    })
  t.equal((await comment()).statusCode, 201)
  t.equal((await comment()).statusCode, 201)
  const third = await comment()
  assertLimited(t, third, 86_400)
  t.ok(Number(third.headers['retry-after']) > 60, 'the day window, not the minute')
  t.match(third.json().message, /At most 2 comments a day/)
})

t.test('edits are limited; status changes (privileged) are not', async (t) => {
  const member = await factories.user()
  const developer = await factories.user('developer')
  const idea = await factories.idea(forum.id, member.id)
  const edit = (title: string) =>
    injectAs(member, { method: 'PATCH', url: `/api/v1/ideas/${idea.id}`, payload: { title } })
  t.equal((await edit('Edited once')).statusCode, 200)
  assertLimited(t, await edit('Edited twice'), 60)
  for (const status of ['under_review', 'open', 'under_review', 'planned']) {
    const res = await injectAs(developer, {
      method: 'POST',
      url: `/api/v1/ideas/${idea.id}/status`,
      payload: { status },
    })
    t.equal(res.statusCode, 200, `status ${status}`)
  }
})

t.test('OpenAPI documents the 429 on the limited routes', async (t) => {
  const { app } = await build(t)
  const doc = (await app.inject('/openapi.json')).json()
  t.ok(doc.paths['/api/v1/forums/{slug}/ideas'].post.responses['429'])
  t.ok(doc.paths['/api/v1/ideas/{id}/comments'].post.responses['429'])
  t.ok(doc.paths['/api/v1/ideas/{id}/vote'].put.responses['429'])
  t.ok(doc.paths['/api/v1/ideas/{id}/vote'].delete.responses['429'])
  t.ok(doc.paths['/api/v1/ideas/{id}'].patch.responses['429'])
})

t.test('a request refused by the minute does not count against the day', async (t) => {
  // The in-memory store reads Date.now(); step it instead of waiting a minute.
  const realNow = Date.now
  let offsetMs = 0
  Date.now = () => realNow() + offsetMs
  t.teardown(() => {
    Date.now = realNow
  })
  const limited = await build(t, { env: { IDEA_RATE_LIMIT: '1/min,2/day' } })
  const member = await limited.factories.user()
  const forum = await limited.factories.forum()
  let n = 0
  const suggest = () =>
    limited.injectAs(member, {
      method: 'POST',
      url: `/api/v1/forums/${forum.slug}/ideas`,
      payload: { title: `Day idea ${++n}` },
    })
  t.equal((await suggest()).statusCode, 201)
  for (let i = 0; i < 3; i++) t.equal((await suggest()).statusCode, 429, 'the minute is spent')
  offsetMs += 61_000
  t.equal((await suggest()).statusCode, 201, 'next minute: the refusals did not spend the day')
  offsetMs += 61_000
  const spent = await suggest()
  t.equal(spent.statusCode, 429, 'two a day')
  t.ok(Number(spent.headers['retry-after']) > 3600, 'until the day window is over')
})
