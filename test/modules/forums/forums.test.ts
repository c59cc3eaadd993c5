import t from 'tap'
import { build } from '../../helper.ts'

const { injectAs, factories } = await build(t)
const admin = await factories.user('admin')
const member = await factories.user('member')
const coordinator = await factories.user('coordinator')

const create = (who: { token: string } | null, payload: object) =>
  injectAs(who, { method: 'POST', url: '/api/v1/forums', payload })

t.test('admins create forums with default budget rules', async (t) => {
  const res = await create(admin, { slug: 'xen', name: 'Xen Project' })
  t.equal(res.statusCode, 201)
  t.same(res.json(), {
    id: res.json().id,
    slug: 'xen',
    name: 'Xen Project',
    description: '',
    voteBudget: 10,
    maxVotesPerIdea: 3,
    votingMode: 'classic',
    categories: [],
  })
  const read = await injectAs(null, { url: '/api/v1/forums/xen' })
  t.equal(read.statusCode, 200)
  t.equal(read.json().name, 'Xen Project')
})

t.test('settings are validated', async (t) => {
  for (const payload of [
    { slug: 'Bad Slug', name: 'x' },
    { slug: 'ok-1', name: '' },
    { slug: 'ok-2', name: 'x', voteBudget: 0 },
    { slug: 'ok-3', name: 'x', voteBudget: 1001 },
    { slug: 'ok-4', name: 'x', maxVotesPerIdea: 101 },
    { slug: 'ok-5', name: 'x', votingMode: 'ranked' },
    { slug: 'ok-6', name: 'x', voteBudget: 'ten' },
  ]) {
    const res = await create(admin, payload)
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.equal(res.json().code, 'VALIDATION_FAILED')
  }
  const quadratic = await create(admin, {
    slug: 'quad',
    name: 'Q',
    voteBudget: 100,
    maxVotesPerIdea: 7,
    votingMode: 'quadratic',
  })
  t.match(quadratic.json(), { voteBudget: 100, maxVotesPerIdea: 7, votingMode: 'quadratic' })
})

t.test('slugs are unique', async (t) => {
  await create(admin, { slug: 'dup', name: 'One' })
  const again = await create(admin, { slug: 'dup', name: 'Two' })
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'SLUG_TAKEN')
})

t.test('only admins manage forums', async (t) => {
  t.equal((await create(null, { slug: 'anon', name: 'x' })).statusCode, 401)
  t.equal((await create(member, { slug: 'mem', name: 'x' })).statusCode, 403)
  t.equal((await create(coordinator, { slug: 'coord', name: 'x' })).statusCode, 403)
  const patch = await injectAs(member, {
    method: 'PATCH',
    url: '/api/v1/forums/xen',
    payload: { voteBudget: 99 },
  })
  t.equal(patch.statusCode, 403)
  const cat = await injectAs(member, {
    method: 'POST',
    url: '/api/v1/forums/xen/categories',
    payload: { name: 'x' },
  })
  t.equal(cat.statusCode, 403)
})

t.test('admins change settings', async (t) => {
  await create(admin, { slug: 'tune', name: 'Tune' })
  const res = await injectAs(admin, {
    method: 'PATCH',
    url: '/api/v1/forums/tune',
    payload: { voteBudget: 5, votingMode: 'quadratic', description: 'd' },
  })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { voteBudget: 5, votingMode: 'quadratic', description: 'd', name: 'Tune' })
  const empty = await injectAs(admin, { method: 'PATCH', url: '/api/v1/forums/tune', payload: {} })
  t.equal(empty.statusCode, 400, 'an empty change is refused')
  const missing = await injectAs(admin, {
    method: 'PATCH',
    url: '/api/v1/forums/nope',
    payload: { name: 'x' },
  })
  t.equal(missing.statusCode, 404)
})

t.test('categories: created, listed with the forum, unique by name', async (t) => {
  await create(admin, { slug: 'cats', name: 'Cats' })
  const perf = await injectAs(admin, {
    method: 'POST',
    url: '/api/v1/forums/cats/categories',
    payload: { name: 'Performance' },
  })
  t.equal(perf.statusCode, 201)
  t.match(perf.json(), { id: Number, name: 'Performance' })
  await injectAs(admin, {
    method: 'POST',
    url: '/api/v1/forums/cats/categories',
    payload: { name: 'Feature Parity' },
  })
  const dup = await injectAs(admin, {
    method: 'POST',
    url: '/api/v1/forums/cats/categories',
    payload: { name: 'performance' },
  })
  t.equal(dup.statusCode, 409)
  t.equal(dup.json().code, 'CONFLICT')
  const forum = (await injectAs(null, { url: '/api/v1/forums/cats' })).json()
  t.same(
    forum.categories.map((c: { name: string }) => c.name),
    ['Feature Parity', 'Performance'],
  )
  const missing = await injectAs(admin, {
    method: 'POST',
    url: '/api/v1/forums/none/categories',
    payload: { name: 'x' },
  })
  t.equal(missing.statusCode, 404)
})

t.test('anyone lists forums, page by page', async (t) => {
  const first = (await injectAs(null, { url: '/api/v1/forums?limit=2' })).json()
  t.equal(first.items.length, 2)
  const seen = [...first.items]
  let cursor = first.nextCursor
  while (cursor) {
    const page = (await injectAs(null, { url: `/api/v1/forums?limit=2&cursor=${cursor}` })).json()
    seen.push(...page.items)
    cursor = page.nextCursor
  }
  const slugs = seen.map((f: { slug: string }) => f.slug)
  t.equal(new Set(slugs).size, slugs.length)
  t.ok(slugs.includes('xen') && slugs.includes('cats'))
  t.equal((await injectAs(null, { url: '/api/v1/forums?limit=101' })).statusCode, 400)
  t.equal((await injectAs(null, { url: '/api/v1/forums/NOPE' })).statusCode, 400)
  t.equal((await injectAs(null, { url: '/api/v1/forums/nope' })).statusCode, 404)
})
