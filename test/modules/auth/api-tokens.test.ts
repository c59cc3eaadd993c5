// Personal API tokens: shown once, stored hashed, scoped, never above the user's current role.
import t from 'tap'
import { createHash } from 'node:crypto'
import { build } from '../../helper.ts'
import { FACTORY_PASSWORD, type TestUser } from '../../factories.ts'

const { app, injectAs, factories, db } = await build(t)

/** A real session's access token (factory tokens name no session, like old clients' tokens). */
async function signIn(user: TestUser) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: FACTORY_PASSWORD },
  })
  return { token: res.json().accessToken as string }
}

async function newToken(user: TestUser, scopes: string[], extra: object = {}) {
  const res = await injectAs(await signIn(user), {
    method: 'POST',
    url: '/api/v1/me/tokens',
    payload: { name: `t ${scopes.join(',')}`, scopes, ...extra },
  })
  if (res.statusCode !== 201) throw new Error(`token not created: ${res.body}`)
  return { ...res.json(), bearer: { token: res.json().token as string } }
}

const forum = await factories.forum()
const admin = await factories.user('admin')
const developer = await factories.user('developer')
const member = await factories.user('member')
const idea = await factories.idea(forum.id, member.id)

const vote = (who: { token: string }) =>
  injectAs(who, { method: 'PUT', url: `/api/v1/ideas/${idea.id}/vote`, payload: { votes: 1 } })
const triage = (who: { token: string }) =>
  injectAs(who, { url: `/api/v1/forums/${forum.slug}/triage` })
const users = (who: { token: string }) => injectAs(who, { url: '/api/v1/users' })

t.test('a token is shown once as tly_…, stored hashed, listed without its secret', async (t) => {
  const created = await newToken(member, ['read'])
  t.match(created.token, /^tly_[A-Za-z0-9_-]{43}$/)
  t.same(created.scopes, ['read'])
  t.equal(created.expiresAt, null)
  const row = await db
    .selectFrom('api_tokens')
    .select('token_hash')
    .where('id', '=', created.id)
    .executeTakeFirstOrThrow()
  t.equal(row.token_hash, createHash('sha256').update(created.token).digest('hex'))
  const list = await injectAs(await signIn(member), { url: '/api/v1/me/tokens' })
  t.equal(list.statusCode, 200)
  t.notMatch(list.body, created.token)
  t.notMatch(list.body, row.token_hash)
  t.match(list.json().items, [{ id: created.id, name: 't read', lastUsedAt: null }])
})

t.test('a scope beyond the caller role is refused at creation', async (t) => {
  const session = await signIn(member)
  for (const scope of ['triage', 'releases', 'admin']) {
    const res = await injectAs(session, {
      method: 'POST',
      url: '/api/v1/me/tokens',
      payload: { name: 'too much', scopes: ['read', scope] },
    })
    t.equal(res.statusCode, 403, scope)
    t.equal(res.json().code, 'FORBIDDEN')
  }
  const dev = await injectAs(await signIn(developer), {
    method: 'POST',
    url: '/api/v1/me/tokens',
    payload: { name: 'dev', scopes: ['releases'] },
  })
  t.equal(dev.statusCode, 403)
  const bad = await injectAs(session, {
    method: 'POST',
    url: '/api/v1/me/tokens',
    payload: { name: 'x', scopes: ['root'] },
  })
  t.equal(bad.statusCode, 400)
  const past = await injectAs(session, {
    method: 'POST',
    url: '/api/v1/me/tokens',
    payload: { name: 'x', scopes: ['read'], expiresAt: '2000-01-01T00:00:00Z' },
  })
  t.equal(past.statusCode, 400)
  t.equal(
    await db
      .selectFrom('api_tokens')
      .select('id')
      .where('name', '=', 'too much')
      .executeTakeFirst(),
    undefined,
  )
})

t.test('each access level needs its scope, whatever the user role', async (t) => {
  const read = (await newToken(admin, ['read'])).bearer
  t.equal((await injectAs(read, { url: '/api/v1/me' })).statusCode, 200)
  t.equal((await injectAs(read, { url: '/api/v1/forums' })).statusCode, 200)
  for (const res of [await vote(read), await triage(read), await users(read)]) {
    t.equal(res.statusCode, 403)
    t.equal(res.json().code, 'FORBIDDEN')
  }

  const voter = (await newToken(admin, ['vote'])).bearer
  t.equal((await vote(voter)).statusCode, 200, 'vote scope votes')
  t.equal((await injectAs(voter, { url: '/api/v1/me' })).statusCode, 200, 'any scope reads')
  t.equal((await triage(voter)).statusCode, 403)
  t.equal((await users(voter)).statusCode, 403)

  const adminOnly = (await newToken(admin, ['admin'])).bearer
  t.equal((await users(adminOnly)).statusCode, 200)
  t.equal((await triage(adminOnly)).statusCode, 403, 'admin scope is not triage scope')
  t.equal((await vote(adminOnly)).statusCode, 403)

  const triager = (await newToken(admin, ['triage', 'read'])).bearer
  t.equal((await triage(triager)).statusCode, 200)
  t.equal((await users(triager)).statusCode, 403, 'acts as developer at most')
  const me = await injectAs(triager, { url: '/api/v1/me' })
  t.equal(me.json().role, 'admin', '/me shows the account itself')
})

t.test('a token acts with its user current role: demoted, it loses what it had', async (t) => {
  const dev = await factories.user('developer')
  const token = (await newToken(dev, ['triage'])).bearer
  t.equal((await triage(token)).statusCode, 200)
  await db.updateTable('users').set({ role: 'member' }).where('id', '=', dev.id).execute()
  t.equal((await triage(token)).statusCode, 403)
  await db.updateTable('users').set({ role: 'developer' }).where('id', '=', dev.id).execute()
  t.equal((await triage(token)).statusCode, 200)
})

t.test('an API token cannot manage tokens or sessions', async (t) => {
  const token = (await newToken(admin, ['read', 'vote', 'admin'])).bearer
  const mint = await injectAs(token, {
    method: 'POST',
    url: '/api/v1/me/tokens',
    payload: { name: 'escalate', scopes: ['admin'] },
  })
  t.equal(mint.statusCode, 403)
  t.equal((await injectAs(token, { url: '/api/v1/me/tokens' })).statusCode, 403)
  t.equal((await injectAs(token, { url: '/api/v1/me/sessions' })).statusCode, 403)
  t.equal((await injectAs(token, { method: 'DELETE', url: '/api/v1/me/sessions' })).statusCode, 403)
})

t.test('revoked, expired, unknown or malformed tokens are 401', async (t) => {
  const created = await newToken(member, ['read'])
  t.equal((await injectAs(created.bearer, { url: '/api/v1/me' })).statusCode, 200)
  const session = await signIn(member)
  const other = await signIn(developer)
  const foreign = await injectAs(other, {
    method: 'DELETE',
    url: `/api/v1/me/tokens/${created.id}`,
  })
  t.equal(foreign.statusCode, 404, "another user's token is not found")
  const del = await injectAs(session, { method: 'DELETE', url: `/api/v1/me/tokens/${created.id}` })
  t.equal(del.statusCode, 204)
  const after = await injectAs(created.bearer, { url: '/api/v1/forums' })
  t.equal(after.statusCode, 401)
  t.equal(after.json().code, 'UNAUTHENTICATED')
  t.equal(
    (await injectAs(session, { method: 'DELETE', url: `/api/v1/me/tokens/${created.id}` }))
      .statusCode,
    404,
  )

  const soon = await newToken(member, ['read'], {
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  })
  t.equal((await injectAs(soon.bearer, { url: '/api/v1/me' })).statusCode, 200)
  await db
    .updateTable('api_tokens')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('id', '=', soon.id)
    .execute()
  t.equal((await injectAs(soon.bearer, { url: '/api/v1/me' })).statusCode, 401, 'expired')

  for (const token of [`tly_${'A'.repeat(43)}`, 'tly_short', `${created.token}x`]) {
    t.equal((await injectAs({ token }, { url: '/api/v1/forums' })).statusCode, 401, token)
  }
})

t.test('last use is recorded, at most once a minute', async (t) => {
  const created = await newToken(member, ['read'])
  await injectAs(created.bearer, { url: '/api/v1/me' })
  const first = await db
    .selectFrom('api_tokens')
    .select('last_used_at')
    .where('id', '=', created.id)
    .executeTakeFirstOrThrow()
  t.ok(first.last_used_at)
  await injectAs(created.bearer, { url: '/api/v1/me' })
  const second = await db
    .selectFrom('api_tokens')
    .select('last_used_at')
    .where('id', '=', created.id)
    .executeTakeFirstOrThrow()
  t.same(second.last_used_at, first.last_used_at, 'not rewritten within the minute')
  const listed = await injectAs(await signIn(member), { url: '/api/v1/me/tokens' })
  const item = listed.json().items.find((i: { id: number }) => i.id === created.id)
  t.equal(item.lastUsedAt, first.last_used_at?.toISOString())
})

t.test('scope × access level: an admin user token of each single scope', async (t) => {
  const levels: [string, (who: { token: string }) => ReturnType<typeof vote>][] = [
    ['GET anyone', (who) => injectAs(who, { url: '/api/v1/forums' })],
    ['GET member', (who) => injectAs(who, { url: '/api/v1/me' })],
    ['PUT member', vote],
    ['GET developer', triage],
    [
      'POST coordinator',
      (who) =>
        injectAs(who, {
          method: 'POST',
          url: `/api/v1/forums/${forum.slug}/releases`,
          payload: {},
        }),
    ],
    ['GET admin', users],
  ]
  // 400: the scope let the request through to validation of its (empty) body.
  const expected: Record<string, number[]> = {
    read: [200, 200, 403, 403, 403, 403],
    vote: [200, 200, 200, 403, 403, 403],
    triage: [200, 200, 403, 200, 403, 403],
    releases: [200, 200, 403, 403, 400, 403],
    admin: [200, 200, 403, 403, 403, 200],
  }
  for (const [scope, statuses] of Object.entries(expected)) {
    const token = (await newToken(admin, [scope])).bearer
    for (const [i, [level, call]] of levels.entries()) {
      t.equal((await call(token)).statusCode, statuses[i], `${scope} token: ${level}`)
    }
  }
})
