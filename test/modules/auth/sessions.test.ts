// Sessions under control: a user lists and ends their sessions; an admin disables an account.
import t from 'tap'
import { build } from '../../helper.ts'
import { FACTORY_PASSWORD, type TestUser } from '../../factories.ts'

const { app, injectAs, factories, db } = await build(t)

async function signIn(user: { email: string }, userAgent = 'test-agent') {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'user-agent': userAgent },
    payload: { email: user.email, password: FACTORY_PASSWORD },
  })
  return res
}
async function session(user: TestUser, userAgent?: string) {
  const body = (await signIn(user, userAgent)).json()
  return { token: body.accessToken as string, refreshToken: body.refreshToken as string }
}
const refresh = (refreshToken: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } })
const me = (who: { token: string }) => injectAs(who, { url: '/api/v1/me' })

t.test('a user lists their sessions: how and where they began, which is this one', async (t) => {
  const user = await factories.user()
  const laptop = await session(user, 'Laptop browser')
  const phone = await session(user, 'Phone browser')
  const rotated = (await refresh(phone.refreshToken)).json()
  const res = await injectAs(laptop, { url: '/api/v1/me/sessions' })
  t.equal(res.statusCode, 200)
  const items = res.json().items
  t.equal(items.length, 2)
  const mine = items.find((s: { current: boolean }) => s.current)
  t.match(mine, { userAgent: 'Laptop browser', method: 'password', current: true })
  const other = items.find((s: { current: boolean }) => !s.current)
  t.match(other, { userAgent: 'Phone browser', method: 'password' })
  t.ok(other.lastUsedAt >= other.createdAt)
  t.notMatch(res.body, laptop.refreshToken)
  t.notMatch(res.body, rotated.refreshToken)
})

t.test('ending one session ends its refresh and access tokens, not the others', async (t) => {
  const user = await factories.user()
  const a = await session(user, 'A')
  const b = await session(user, 'B')
  const list = (await injectAs(a, { url: '/api/v1/me/sessions' })).json().items
  const idB = list.find((s: { userAgent: string }) => s.userAgent === 'B').id
  const del = await injectAs(a, { method: 'DELETE', url: `/api/v1/me/sessions/${idB}` })
  t.equal(del.statusCode, 204)
  t.equal((await me(b)).statusCode, 401, "B's access token stops at once")
  t.equal((await refresh(b.refreshToken)).statusCode, 401, "B's refresh token is revoked")
  t.equal((await me(a)).statusCode, 200, 'A goes on')
  const again = await injectAs(a, { method: 'DELETE', url: `/api/v1/me/sessions/${idB}` })
  t.equal(again.statusCode, 404)
  const other = await factories.user()
  const idA = list.find((s: { userAgent: string }) => s.userAgent === 'A').id
  const foreign = await injectAs(await session(other), {
    method: 'DELETE',
    url: `/api/v1/me/sessions/${idA}`,
  })
  t.equal(foreign.statusCode, 404, "another user's session is not found")
  t.equal((await me(a)).statusCode, 200)
  const notUuid = await injectAs(a, { method: 'DELETE', url: '/api/v1/me/sessions/nope' })
  t.equal(notUuid.statusCode, 400)
})

t.test('ending all other sessions keeps this one', async (t) => {
  const user = await factories.user()
  const keep = await session(user, 'keep')
  const others = [await session(user, 'x'), await session(user, 'y')]
  const res = await injectAs(keep, { method: 'DELETE', url: '/api/v1/me/sessions' })
  t.equal(res.statusCode, 204)
  for (const o of others) {
    t.equal((await me(o)).statusCode, 401)
    t.equal((await refresh(o.refreshToken)).statusCode, 401)
  }
  t.equal((await me(keep)).statusCode, 200)
  t.equal((await refresh(keep.refreshToken)).statusCode, 200)
  const left = (await injectAs(keep, { url: '/api/v1/me/sessions' })).json().items
  t.equal(left.length, 1)
})

t.test('logging out ends the access token of that session too', async (t) => {
  const user = await factories.user()
  const s = await session(user)
  t.equal((await me(s)).statusCode, 200)
  await app.inject({
    method: 'POST',
    url: '/api/v1/auth/logout',
    payload: { refreshToken: s.refreshToken },
  })
  t.equal((await me(s)).statusCode, 401)
})

t.test('an admin disables a user: no sign-in, every token refused, content kept', async (t) => {
  const admin = await session(await factories.user('admin'))
  const user = await factories.user()
  const forum = await factories.forum()
  const idea = await factories.idea(forum.id, user.id)
  const s = await session(user)
  const api = await injectAs(s, {
    method: 'POST',
    url: '/api/v1/me/tokens',
    payload: { name: 'ci', scopes: ['read'] },
  })
  const apiToken = { token: api.json().token as string }
  t.equal((await me(apiToken)).statusCode, 200)

  const off = await injectAs(admin, {
    method: 'PATCH',
    url: `/api/v1/users/${user.id}`,
    payload: { disabled: true },
  })
  t.equal(off.statusCode, 200)
  t.equal(off.json().disabled, true)
  t.equal(off.json().role, 'member', 'the role is unchanged')

  t.equal((await me(s)).statusCode, 401, 'access token')
  t.equal((await me({ token: user.token })).statusCode, 401, 'access token without a session')
  t.equal((await refresh(s.refreshToken)).statusCode, 401, 'refresh token')
  t.equal((await me(apiToken)).statusCode, 401, 'API token')
  const login = await signIn(user)
  t.equal(login.statusCode, 401)
  t.equal(login.json().code, 'INVALID_CREDENTIALS')
  const wrong = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: 'not the password at all' },
  })
  t.same(wrong.json(), login.json(), 'the same answer as a wrong password')
  const kept = await app.inject({ url: `/api/v1/ideas/${idea.id}` })
  t.equal(kept.statusCode, 200, 'their ideas stay')

  const on = await injectAs(admin, {
    method: 'PATCH',
    url: `/api/v1/users/${user.id}`,
    payload: { disabled: false },
  })
  t.equal(on.json().disabled, false)
  t.equal((await signIn(user)).statusCode, 200, 're-enabled: signs in again')
  t.equal((await me(apiToken)).statusCode, 401, 'old API tokens stay revoked')
  t.equal((await refresh(s.refreshToken)).statusCode, 401, 'old sessions stay ended')
})

t.test('the last enabled admin cannot be disabled; members cannot disable anyone', async (t) => {
  const database = await db.selectFrom('users').select('id').where('role', '=', 'admin').execute()
  await db
    .updateTable('users')
    .set({ role: 'member' })
    .where(
      'id',
      'in',
      database.map((r) => r.id),
    )
    .execute()
  const only = await factories.user('admin')
  const s = await session(only)
  const res = await injectAs(s, {
    method: 'PATCH',
    url: `/api/v1/users/${only.id}`,
    payload: { disabled: true },
  })
  t.equal(res.statusCode, 409)
  t.equal(res.json().code, 'CONFLICT')
  const member = await factories.user()
  const denied = await injectAs(await session(member), {
    method: 'PATCH',
    url: `/api/v1/users/${only.id}`,
    payload: { disabled: true },
  })
  t.equal(denied.statusCode, 403)
  const empty = await injectAs(s, { method: 'PATCH', url: `/api/v1/users/${only.id}`, payload: {} })
  t.equal(empty.statusCode, 400)
})
