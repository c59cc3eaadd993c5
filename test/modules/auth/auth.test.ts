import t from 'tap'
import { FACTORY_PASSWORD } from '../../factories.ts'
import { build } from '../../helper.ts'

// Steps forward for the refresh-token reuse tests (a just-rotated token has a grace period).
let clockOffsetMs = 0
const { app, injectAs, factories, logs, config } = await build(t, {
  captureLogs: true,
  clock: { now: () => new Date(Date.now() + clockOffsetMs) },
})

const register = (payload: object) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/register', payload })
const login = (payload: object) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload })
const refresh = (refreshToken: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } })

t.test('register creates a member and signs them in', async (t) => {
  const res = await register({
    email: 'Ada@Example.test',
    password: 'analytical-engine',
    displayName: 'Ada',
  })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body, {
    user: { id: Number, email: 'Ada@Example.test', displayName: 'Ada', role: 'member' },
    accessToken: String,
    refreshToken: String,
    expiresIn: 900,
  })
  t.notOk('passwordHash' in body.user || 'password_hash' in body.user)
  const me = await injectAs({ token: body.accessToken }, { url: '/api/v1/me' })
  t.equal(me.statusCode, 200)
  t.match(me.json(), {
    id: body.user.id,
    email: 'Ada@Example.test',
    role: 'member',
    createdAt: String,
  })
})

t.test('a role sent to register is ignored', async (t) => {
  const res = await register({
    email: 'mallory@example.test',
    password: 'let-me-be-admin',
    displayName: 'M',
    role: 'admin',
  })
  t.equal(res.statusCode, 201)
  t.equal(res.json().user.role, 'member')
})

t.test('e-mails are unique case-insensitively', async (t) => {
  await register({ email: 'grace@example.test', password: 'cobol-forever', displayName: 'Grace' })
  const again = await register({
    email: 'GRACE@example.TEST',
    password: 'cobol-forever',
    displayName: 'G',
  })
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'EMAIL_TAKEN')
})

t.test('register validates its input', async (t) => {
  for (const payload of [
    { email: 'a@b.test', password: 'short', displayName: 'x' },
    { email: 'a@b.test', password: 'p'.repeat(257), displayName: 'x' },
    { email: 'not-an-email', password: 'long-enough-pw', displayName: 'x' },
    { email: 'a@b.test', password: 'long-enough-pw', displayName: '' },
    { email: 'a@b.test', password: 'long-enough-pw' },
  ]) {
    const res = await register(payload)
    t.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 60))
    t.equal(res.json().code, 'VALIDATION_FAILED')
  }
})

t.test('login succeeds with the right password, any e-mail case', async (t) => {
  await register({ email: 'linus@example.test', password: 'just-for-fun', displayName: 'Linus' })
  const res = await login({ email: 'LINUS@example.test', password: 'just-for-fun' })
  t.equal(res.statusCode, 200)
  t.match(res.json(), {
    user: { email: 'linus@example.test' },
    accessToken: String,
    refreshToken: String,
  })
})

t.test('login answers identically for a wrong password and an unknown e-mail', async (t) => {
  const user = await factories.user()
  const wrong = await login({ email: user.email, password: 'not the password' })
  const unknown = await login({ email: 'nobody@example.test', password: 'not the password' })
  t.equal(wrong.statusCode, 401)
  t.equal(unknown.statusCode, 401)
  t.same(wrong.json(), unknown.json())
  t.equal(wrong.json().code, 'INVALID_CREDENTIALS')
})

t.test('login with an unknown e-mail still spends the time of a hash check', async (t) => {
  const user = await factories.user()
  const time = async (email: string) => {
    const start = process.hrtime.bigint()
    await login({ email, password: 'not the password' })
    return Number(process.hrtime.bigint() - start) / 1e6
  }
  await time('warm-up@example.test')
  const known = await time(user.email)
  const unknown = await time('nobody-else@example.test')
  // Not a benchmark: only that the unknown path does verify a hash (≈ same order of magnitude).
  t.ok(unknown > known / 4, `unknown ${unknown.toFixed(1)} ms vs known ${known.toFixed(1)} ms`)
})

t.test('refresh rotates: the new token works, the old one stops working', async (t) => {
  const session = (
    await register({ email: 'rot@example.test', password: 'rotate-me-pls', displayName: 'R' })
  ).json()
  const first = await refresh(session.refreshToken)
  t.equal(first.statusCode, 200)
  const next = first.json()
  t.not(next.refreshToken, session.refreshToken)
  t.equal((await injectAs({ token: next.accessToken }, { url: '/api/v1/me' })).statusCode, 200)
  const second = await refresh(next.refreshToken)
  t.equal(second.statusCode, 200, 'the rotated token can be used once')
})

t.test('reusing a refresh token after the grace revokes the whole login', async (t) => {
  const session = (
    await register({ email: 'reuse@example.test', password: 'reuse-me-pls', displayName: 'R' })
  ).json()
  const rotated = (await refresh(session.refreshToken)).json()
  clockOffsetMs += (config.auth.refreshReuseGraceSeconds + 1) * 1000
  const replay = await refresh(session.refreshToken)
  t.equal(replay.statusCode, 401)
  t.equal(replay.json().code, 'INVALID_REFRESH_TOKEN')
  const legit = await refresh(rotated.refreshToken)
  t.equal(legit.statusCode, 401, 'the newest token of that login is revoked too')
  const other = await login({ email: 'reuse@example.test', password: 'reuse-me-pls' })
  t.equal(other.statusCode, 200, 'a fresh login still works')
})

t.test('unknown refresh tokens are refused', async (t) => {
  const res = await refresh('definitely-not-a-token')
  t.equal(res.statusCode, 401)
  t.equal(res.json().code, 'INVALID_REFRESH_TOKEN')
})

t.test('logout revokes the refresh token and is idempotent', async (t) => {
  const session = (
    await register({ email: 'bye@example.test', password: 'goodbye-now', displayName: 'B' })
  ).json()
  const out = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/logout',
    payload: { refreshToken: session.refreshToken },
  })
  t.equal(out.statusCode, 204)
  t.equal((await refresh(session.refreshToken)).statusCode, 401)
  const again = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/logout',
    payload: { refreshToken: session.refreshToken },
  })
  t.equal(again.statusCode, 204)
})

t.test(
  'a role change ends every session: the old tokens cannot act, not even to restore it',
  async (t) => {
    const [admin, other] = [await factories.user('admin'), await factories.user('admin')]
    const demoted = (await login({ email: admin.email, password: FACTORY_PASSWORD })).json() as {
      accessToken: string
      refreshToken: string
    }
    const change = await injectAs(other, {
      method: 'PATCH',
      url: `/api/v1/users/${admin.id}`,
      payload: { role: 'member' },
    })
    t.equal(change.statusCode, 200)
    // The access token still has minutes to live and says "admin": it must not act as one.
    const restore = await injectAs(
      { token: demoted.accessToken },
      { method: 'PATCH', url: `/api/v1/users/${admin.id}`, payload: { role: 'admin' } },
    )
    t.equal(restore.statusCode, 401, 'the old access token is revoked')
    t.equal((await refresh(demoted.refreshToken)).statusCode, 401, 'so is the refresh token')
    const again = (await login({ email: admin.email, password: FACTORY_PASSWORD })).json()
    t.equal(again.user.role, 'member', 'signing in again gives the new role')
    const denied = await injectAs(
      { token: again.accessToken },
      { method: 'PATCH', url: `/api/v1/users/${admin.id}`, payload: { role: 'admin' } },
    )
    t.equal(denied.statusCode, 403)
    t.equal((await injectAs(admin, { url: '/api/v1/users' })).statusCode, 401, 'factory token too')
  },
)

t.test('decisions use the current role, even when no session was revoked', async (t) => {
  const dev = await factories.user('developer')
  // Demoted behind the service's back (as a restore of an old backup would): same session version.
  await app.ctx.db.updateTable('users').set({ role: 'member' }).where('id', '=', dev.id).execute()
  const idea = await factories.idea((await factories.forum()).id, dev.id)
  const res = await injectAs(dev, {
    method: 'POST',
    url: `/api/v1/ideas/${idea.id}/status`,
    payload: { status: 'declined' },
  })
  t.equal(res.statusCode, 403)
})

t.test('setting the same role again signs nobody out', async (t) => {
  const [admin, dev] = [await factories.user('admin'), await factories.user('developer')]
  const res = await injectAs(admin, {
    method: 'PATCH',
    url: `/api/v1/users/${dev.id}`,
    payload: { role: 'developer' },
  })
  t.equal(res.statusCode, 200)
  t.equal((await injectAs(dev, { url: '/api/v1/me' })).statusCode, 200)
})

t.test('/me needs a token', async (t) => {
  const res = await app.inject('/api/v1/me')
  t.equal(res.statusCode, 401)
  t.equal(res.json().code, 'UNAUTHENTICATED')
})

t.test('passwords and tokens never reach the log', async (t) => {
  const session = (
    await register({ email: 'logs@example.test', password: 'never-logged-pw', displayName: 'L' })
  ).json()
  await injectAs({ token: session.accessToken }, { url: '/api/v1/me' })
  await refresh(session.refreshToken)
  await login({ email: 'logs@example.test', password: 'never-logged-pw' })
  const all = logs.join('\n')
  t.ok(all.length > 0, 'requests were logged')
  t.notMatch(all, /never-logged-pw/)
  t.notMatch(all, session.accessToken)
  t.notMatch(all, session.refreshToken)
})
