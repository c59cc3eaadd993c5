// Idempotency-Key on the POST creates: replay for the same request, 409 CONFLICT for another.
import t from 'tap'
import { build } from '../helper.ts'

const { app, injectAs, factories, db } = await build(t)
const member = await factories.user('member')
const other = await factories.user('member')
const coordinator = await factories.user('coordinator')
const forum = await factories.forum()

const createIdea = (user: { token: string }, key: string | undefined, title: string) =>
  injectAs(user, {
    method: 'POST',
    url: `/api/v1/forums/${forum.slug}/ideas`,
    headers: key ? { 'idempotency-key': key } : {},
    payload: { title },
  })

const countIdeas = async (title: string) =>
  (await db.selectFrom('ideas').select('id').where('title', '=', title).execute()).length

t.test('the same key and body replays the first answer and creates once', async (t) => {
  const first = await createIdea(member, 'key-1', 'Replay me please')
  t.equal(first.statusCode, 201)
  const again = await createIdea(member, 'key-1', 'Replay me please')
  t.equal(again.statusCode, 201)
  t.same(again.json(), first.json(), 'the same body')
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(await countIdeas('Replay me please'), 1, 'one idea')
})

t.test('the same key with another body → 409 CONFLICT, nothing created', async (t) => {
  await createIdea(member, 'key-2', 'Original title here')
  const res = await createIdea(member, 'key-2', 'A different title')
  t.equal(res.statusCode, 409)
  t.equal(res.json().code, 'CONFLICT')
  t.equal(await countIdeas('A different title'), 0)
})

t.test('keys belong to one user: another user may use the same key', async (t) => {
  await createIdea(member, 'shared-key', 'Per user keys one')
  const res = await createIdea(other, 'shared-key', 'Per user keys one')
  t.equal(res.statusCode, 201)
  t.equal(await countIdeas('Per user keys one'), 2)
})

t.test('without a key every request creates', async (t) => {
  await createIdea(member, undefined, 'No key at all')
  await createIdea(member, undefined, 'No key at all')
  t.equal(await countIdeas('No key at all'), 2)
})

t.test('a refused request frees its key for a corrected retry', async (t) => {
  const missing = await injectAs(member, {
    method: 'POST',
    url: '/api/v1/forums/no-such-forum/ideas',
    headers: { 'idempotency-key': 'key-404' },
    payload: { title: 'Nowhere to go' },
  })
  t.equal(missing.statusCode, 404)
  const again = await injectAs(member, {
    method: 'POST',
    url: '/api/v1/forums/no-such-forum/ideas',
    headers: { 'idempotency-key': 'key-404' },
    payload: { title: 'Nowhere to go' },
  })
  t.equal(again.statusCode, 404, 'not replayed as a conflict')
})

t.test('a failure inside the create transaction rolls the claim back too', async (t) => {
  const send = () =>
    injectAs(coordinator, {
      method: 'POST',
      url: '/api/v1/releases/2147483647/features',
      headers: { 'idempotency-key': 'rolled-back' },
      payload: { title: 'Into no release' },
    })
  t.equal((await send()).statusCode, 404)
  t.equal((await send()).statusCode, 404, 'the retry runs again instead of a 409')
  const rows = await db
    .selectFrom('idempotency_keys')
    .select('key')
    .where('key', '=', 'rolled-back')
    .execute()
  t.same(rows, [], 'no claim left behind')
})

t.test(
  'a create whose answer was lost (crash after the commit) → 409, not a second create',
  async (t) => {
    t.equal((await createIdea(member, 'lost-answer', 'Answer lost in a crash')).statusCode, 201)
    // What a crash between the commit and recording the answer leaves behind.
    await db
      .updateTable('idempotency_keys')
      .set({ status_code: null, response_body: null })
      .where('key', '=', 'lost-answer')
      .execute()
    const res = await createIdea(member, 'lost-answer', 'Answer lost in a crash')
    t.equal(res.statusCode, 409)
    t.equal(res.json().code, 'CONFLICT')
    t.match(res.json().message, /carried out/)
    t.equal(await countIdeas('Answer lost in a crash'), 1)
  },
)

t.test('concurrent requests with one key create once', async (t) => {
  const results = await Promise.all(
    Array.from({ length: 5 }, () => createIdea(member, 'concurrent', 'Concurrent create')),
  )
  t.ok(
    results.every((r) => r.statusCode === 201 || r.statusCode === 409),
    'each is the answer or a conflict',
  )
  t.equal(await countIdeas('Concurrent create'), 1)
})

t.test('a malformed key → 400 VALIDATION_FAILED', async (t) => {
  const res = await createIdea(member, 'x'.repeat(256), 'Key far too long')
  t.equal(res.statusCode, 400)
  t.equal(res.json().code, 'VALIDATION_FAILED')
})

t.test('comments, promote and features honour the key too', async (t) => {
  const idea = await factories.idea(forum.id, member.id)
  const release = await injectAs(coordinator, {
    method: 'POST',
    url: `/api/v1/forums/${forum.slug}/releases`,
    payload: {
      name: 'r-idem',
      featureFreezeAt: '2099-01-01T00:00:00Z',
      releaseAt: '2099-06-01T00:00:00Z',
    },
  })
  t.equal(release.statusCode, 201)
  const releaseId = release.json().id as number
  const cases = [
    { user: member, url: `/api/v1/ideas/${idea.id}/comments`, payload: { body: 'Once only' } },
    { user: coordinator, url: `/api/v1/ideas/${idea.id}/promote`, payload: { releaseId } },
    {
      user: coordinator,
      url: `/api/v1/releases/${releaseId}/features`,
      payload: { title: 'Feature once' },
    },
  ]
  for (const c of cases) {
    const send = (payload: object) =>
      injectAs(c.user, {
        method: 'POST',
        url: c.url,
        headers: { 'idempotency-key': `k-${c.url}` },
        payload,
      })
    const first = await send(c.payload)
    t.equal(first.statusCode, 201, c.url)
    const replay = await send(c.payload)
    t.equal(replay.statusCode, 201, `${c.url} replayed`)
    t.equal(replay.json().id, first.json().id, `${c.url} same object`)
    const changed = await send({
      ...c.payload,
      extra: 1,
      ...(c.url.endsWith('comments') ? { body: 'changed' } : { title: 'Changed title' }),
    })
    t.equal(changed.statusCode, 409, `${c.url} with another body`)
  }
  const comments = await db
    .selectFrom('comments')
    .select('id')
    .where('idea_id', '=', idea.id)
    .execute()
  t.equal(comments.length, 1)
  const features = await db
    .selectFrom('features')
    .select('id')
    .where('release_id', '=', releaseId)
    .execute()
  t.equal(features.length, 2, 'one promoted, one added')
})

t.test('keys expire after 24 hours', async (t) => {
  await createIdea(member, 'old-key', 'Yesterday idea')
  await db
    .updateTable('idempotency_keys')
    .set({ created_at: new Date(Date.now() - 25 * 3600_000) })
    .where('key', '=', 'old-key')
    .execute()
  const res = await createIdea(member, 'old-key', 'Another idea today')
  t.equal(res.statusCode, 201, 'the expired key is free again')
})

t.test('the header is documented in OpenAPI', async (t) => {
  const doc = (await app.inject('/openapi.json')).json()
  const op = doc.paths['/api/v1/forums/{slug}/ideas'].post
  t.ok(
    op.parameters.some(
      (p: { name: string; in: string }) => p.in === 'header' && p.name === 'idempotency-key',
    ),
  )
})
