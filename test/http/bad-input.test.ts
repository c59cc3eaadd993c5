// Regression tests for what the fuzzer (test/reliability/fuzz.test.ts) found: each of these once
// answered 500 or an uncatalogued code.
import t, { type Test } from 'tap'
import { isCatalogued } from '../../src/errors.ts'
import { build } from '../helper.ts'

const { app, injectAs, factories, db } = await build(t)
const member = await factories.user('member')
const forum = await factories.forum()

const expect400 = (t: Test, res: { statusCode: number; json(): { code: string } }) => {
  t.equal(res.statusCode, 400)
  t.equal(res.json().code, 'VALIDATION_FAILED')
}

t.test('a NUL character in a JSON string → 400, not a database error', async (t) => {
  const res = await injectAs(member, {
    method: 'POST',
    url: `/api/v1/forums/${forum.slug}/ideas`,
    payload: { title: 'Has a \u0000 NUL inside' },
  })
  expect400(t, res)
  t.match(res.json(), { details: [{ path: '/body/title', message: /NUL/ }] })
})

t.test('a NUL character in a query string → 400', async (t) => {
  expect400(t, await app.inject(`/api/v1/forums/${forum.slug}/ideas?q=a%00b`))
})

t.test('a NUL character in a key → 400', async (t) => {
  const res = await injectAs(member, {
    method: 'POST',
    url: `/api/v1/forums/${forum.slug}/ideas`,
    payload: { title: 'Fine title', ['x\u0000']: 1 },
  })
  expect400(t, res)
})

t.test('JSON nested deeper than 32 levels → 400, without a stack overflow', async (t) => {
  for (const depth of [40, 100_000]) {
    const res = await injectAs(member, {
      method: 'POST',
      url: `/api/v1/forums/${forum.slug}/ideas`,
      headers: { 'content-type': 'application/json' },
      payload: `{"title":"Deep one","x":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    })
    expect400(t, res)
  }
})

t.test(
  'a path parameter over the router limit → 400 VALIDATION_FAILED (was 414, uncatalogued)',
  async (t) => {
    const res = await app.inject(`/api/v1/ideas/${'9'.repeat(300)}`)
    expect400(t, res)
    t.ok(isCatalogued(res.json().code))
  },
)

t.test('a malformed percent-encoding → 400 VALIDATION_FAILED (was FST_ERR_BAD_URL)', async (t) => {
  const res = await app.inject('/api/v1/forums/%ZZ')
  t.equal(res.statusCode, 400)
  t.ok(isCatalogued(res.json().code), res.body)
})

t.test(
  'a valid token of an account that no longer exists → 401, not a foreign-key 500',
  async (t) => {
    const gone = await factories.user('member')
    await db.deleteFrom('users').where('id', '=', gone.id).execute()
    const idea = await factories.idea(forum.id, member.id)
    const vote = await injectAs(gone, {
      method: 'PUT',
      url: `/api/v1/ideas/${idea.id}/vote`,
      payload: { votes: 1 },
    })
    t.equal(vote.statusCode, 401)
    t.equal(vote.json().code, 'UNAUTHENTICATED')
    const create = await injectAs(gone, {
      method: 'POST',
      url: `/api/v1/forums/${forum.slug}/ideas`,
      payload: { title: 'From a ghost' },
    })
    t.equal(create.statusCode, 401)
  },
)
