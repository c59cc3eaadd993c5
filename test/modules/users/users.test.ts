import t from 'tap'
import { build } from '../../helper.ts'

const { injectAs, factories } = await build(t)
const admin = await factories.user('admin')
const member = await factories.user('member')
const developer = await factories.user('developer')

t.test('admins list users, paginated, without password hashes', async (t) => {
  const first = await injectAs(admin, { url: '/api/v1/users?limit=2' })
  t.equal(first.statusCode, 200)
  const page = first.json()
  t.equal(page.items.length, 2)
  t.match(page.items[0], {
    id: Number,
    email: String,
    displayName: String,
    role: String,
    createdAt: String,
  })
  t.notMatch(first.body, /argon2|password/i)
  t.type(page.nextCursor, 'string')
  const second = (
    await injectAs(admin, { url: `/api/v1/users?limit=2&cursor=${page.nextCursor}` })
  ).json()
  const ids = [...page.items, ...second.items].map((u: { id: number }) => u.id)
  t.equal(new Set(ids).size, ids.length, 'pages do not repeat users')
  t.equal(second.nextCursor, null)
  const devs = (await injectAs(admin, { url: '/api/v1/users?role=developer' })).json()
  t.same(
    devs.items.map((u: { id: number }) => u.id),
    [developer.id],
  )
})

t.test('a bad cursor is a 400', async (t) => {
  const res = await injectAs(admin, { url: '/api/v1/users?cursor=garbage' })
  t.equal(res.statusCode, 400)
  t.equal(res.json().code, 'VALIDATION_FAILED')
})

t.test('admins change roles', async (t) => {
  const target = await factories.user()
  const res = await injectAs(admin, {
    method: 'PATCH',
    url: `/api/v1/users/${target.id}`,
    payload: { role: 'coordinator' },
  })
  t.equal(res.statusCode, 200)
  t.equal(res.json().role, 'coordinator')
  const bad = await injectAs(admin, {
    method: 'PATCH',
    url: `/api/v1/users/${target.id}`,
    payload: { role: 'superuser' },
  })
  t.equal(bad.statusCode, 400)
  const missing = await injectAs(admin, {
    method: 'PATCH',
    url: '/api/v1/users/999999',
    payload: { role: 'member' },
  })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'NOT_FOUND')
})

t.test('nobody below admin lists users or raises a role, not even their own', async (t) => {
  t.equal((await injectAs(null, { url: '/api/v1/users' })).statusCode, 401)
  for (const who of [member, developer]) {
    const list = await injectAs(who, { url: '/api/v1/users' })
    t.equal(list.statusCode, 403)
    t.equal(list.json().code, 'FORBIDDEN')
    const raise = await injectAs(who, {
      method: 'PATCH',
      url: `/api/v1/users/${who.id}`,
      payload: { role: 'admin' },
    })
    t.equal(raise.statusCode, 403)
  }
  const me = (await injectAs(member, { url: '/api/v1/me' })).json()
  t.equal(me.role, 'member', 'nothing changed')
})

t.test('the last admin cannot be demoted', async (t) => {
  const res = await injectAs(admin, {
    method: 'PATCH',
    url: `/api/v1/users/${admin.id}`,
    payload: { role: 'member' },
  })
  t.equal(res.statusCode, 409)
  t.equal(res.json().code, 'CONFLICT')
  const second = await factories.user('admin')
  const ok = await injectAs(second, {
    method: 'PATCH',
    url: `/api/v1/users/${admin.id}`,
    payload: { role: 'developer' },
  })
  t.equal(ok.statusCode, 200, 'with another admin around, it can')
})
