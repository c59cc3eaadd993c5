// Cookie sessions for the browser: the refresh token lives in an httpOnly SameSite=Strict cookie
// scoped to /web/session, and every session route needs the X-Tally-CSRF header (403 otherwise)
// and, when an Origin is sent, this origin.
import t from 'tap'
import { build } from '../helper.ts'

// Steps forward past the grace a just-rotated refresh token has (refresh-grace.test.ts).
let clockOffsetMs = 0
const { app, factories, config } = await build(t, {
  clock: { now: () => new Date(Date.now() + clockOffsetMs) },
})
const CSRF = { 'x-tally-csrf': '1' }
const member = await factories.user('member', { email: 'voter@example.test' })
const password = 'correct horse battery'

type Cookie = {
  name: string
  value: string
  httpOnly?: boolean
  secure?: boolean
  sameSite?: string
  path?: string
}
const cookiesOf = (res: { cookies: Cookie[] }) =>
  Object.fromEntries(res.cookies.map((c) => [c.name, c]))

const post = (
  path: string,
  options: { headers?: Record<string, string>; payload?: object; cookie?: string } = {},
) =>
  app.inject({
    method: 'POST',
    url: `/web/session/${path}`,
    headers: {
      ...options.headers,
      ...(options.cookie ? { cookie: `tally_refresh=${options.cookie}` } : {}),
    },
    ...(options.payload ? { payload: options.payload } : {}),
  })

t.test('register sets the refresh cookie and returns no refresh token', async (t) => {
  const res = await post('register', {
    headers: CSRF,
    payload: { email: 'new@example.test', password, displayName: 'New' },
  })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body, {
    user: { email: 'new@example.test', role: 'member' },
    accessToken: String,
    expiresIn: 900,
  })
  t.notOk('refreshToken' in body, 'the refresh token never reaches JavaScript')
  const cookies = cookiesOf(res as never)
  t.match(cookies.tally_refresh, { httpOnly: true, sameSite: 'Strict', path: '/web/session' })
  t.match(cookies.tally_signed_in, { value: '1', path: '/' })
  t.notOk(cookies.tally_signed_in?.httpOnly)
  const me = await app.inject({
    url: '/api/v1/me',
    headers: { authorization: `Bearer ${body.accessToken}` },
  })
  t.equal(me.json().email, 'new@example.test')
})

t.test('login, refresh (rotating the cookie) and logout', async (t) => {
  const { FACTORY_PASSWORD } = await import('../factories.ts')
  const login = await post('login', {
    headers: CSRF,
    payload: { email: member.email, password: FACTORY_PASSWORD },
  })
  t.equal(login.statusCode, 200)
  const first = cookiesOf(login as never).tally_refresh!.value

  const refreshed = await post('refresh', { headers: CSRF, cookie: first })
  t.equal(refreshed.statusCode, 200)
  t.match(refreshed.json(), { user: { id: member.id }, accessToken: String })
  const second = cookiesOf(refreshed as never).tally_refresh!.value
  t.not(second, first, 'rotated')

  clockOffsetMs += (config.auth.refreshReuseGraceSeconds + 1) * 1000
  const reused = await post('refresh', { headers: CSRF, cookie: first })
  t.equal(reused.statusCode, 401, 'a used cookie is refused once its grace is over')
  t.equal(reused.json().code, 'INVALID_REFRESH_TOKEN')
  t.equal(cookiesOf(reused as never).tally_refresh?.value, '', 'and cleared')
  t.equal(
    (await post('refresh', { headers: CSRF, cookie: second })).statusCode,
    401,
    'reuse revoked the login',
  )

  const again = await post('login', {
    headers: CSRF,
    payload: { email: member.email, password: FACTORY_PASSWORD },
  })
  const third = cookiesOf(again as never).tally_refresh!.value
  const out = await post('logout', { headers: CSRF, cookie: third })
  t.equal(out.statusCode, 204)
  t.equal(cookiesOf(out as never).tally_refresh?.value, '')
  t.equal((await post('refresh', { headers: CSRF, cookie: third })).statusCode, 401, 'revoked')
})

t.test('two tabs refreshing with one cookie at once stay signed in', async (t) => {
  const { FACTORY_PASSWORD } = await import('../factories.ts')
  const login = await post('login', {
    headers: CSRF,
    payload: { email: member.email, password: FACTORY_PASSWORD },
  })
  const cookie = cookiesOf(login as never).tally_refresh!.value
  const tabs = await Promise.all([
    post('refresh', { headers: CSRF, cookie }),
    post('refresh', { headers: CSRF, cookie }),
  ])
  t.same(
    tabs.map((r) => r.statusCode),
    [200, 200],
    'both tabs get a new access token',
  )
  // The browser keeps whichever cookie it stored last; either must work.
  for (const tab of tabs) {
    const next = cookiesOf(tab as never).tally_refresh!.value
    t.equal((await post('refresh', { headers: CSRF, cookie: next })).statusCode, 200)
  }
})

t.test('refresh without a cookie is 401; logout without one is fine', async (t) => {
  const res = await post('refresh', { headers: CSRF })
  t.equal(res.statusCode, 401)
  t.equal(res.json().code, 'INVALID_REFRESH_TOKEN')
  t.equal((await post('logout', { headers: CSRF })).statusCode, 204)
})

t.test('every session route needs the CSRF header', async (t) => {
  const { FACTORY_PASSWORD } = await import('../factories.ts')
  const login = await post('login', {
    headers: CSRF,
    payload: { email: member.email, password: FACTORY_PASSWORD },
  })
  const cookie = cookiesOf(login as never).tally_refresh!.value
  for (const path of ['login', 'register', 'refresh', 'logout']) {
    const res = await post(path, {
      cookie,
      payload: path === 'login' ? { email: member.email, password: FACTORY_PASSWORD } : undefined,
    })
    t.equal(res.statusCode, 403, path)
    t.equal(res.json().code, 'FORBIDDEN')
    t.same(res.cookies, [], `${path}: no cookie set`)
  }
  t.equal((await post('refresh', { headers: { 'x-tally-csrf': '0' }, cookie })).statusCode, 403)
  // The refused attempts did not consume the session.
  t.equal((await post('refresh', { headers: CSRF, cookie })).statusCode, 200)
})

t.test('a cross-origin request is refused even with the header', async (t) => {
  const res = await post('refresh', {
    headers: { ...CSRF, origin: 'https://evil.example' },
    cookie: 'x',
  })
  t.equal(res.statusCode, 403)
  const same = await post('refresh', { headers: { ...CSRF, origin: 'http://localhost:80' } })
  t.equal(same.statusCode, 401, 'same origin passes the check (and then has no cookie)')
})

t.test('wrong credentials are the API’s answer, with no cookie', async (t) => {
  const res = await post('login', {
    headers: CSRF,
    payload: { email: member.email, password: 'wrong password!' },
  })
  t.equal(res.statusCode, 401)
  t.equal(res.json().code, 'INVALID_CREDENTIALS')
  t.same(res.cookies, [])
})

t.test('behind a TLS-terminating proxy, TRUST_PROXY lets X-Forwarded-Proto count', async (t) => {
  const { FACTORY_PASSWORD } = await import('../factories.ts')
  const viaProxy = (target: typeof app, remoteAddress = '127.0.0.1') =>
    target.inject({
      method: 'POST',
      url: '/web/session/login',
      remoteAddress,
      headers: {
        ...CSRF,
        host: 'tally.example',
        origin: 'https://tally.example',
        'x-forwarded-proto': 'https',
      },
      payload: { email: member.email, password: FACTORY_PASSWORD },
    })
  const plain = await viaProxy(app)
  t.equal(plain.statusCode, 403, 'without TRUST_PROXY the request arrived over http')
  t.match(plain.json().message, /TRUST_PROXY/, 'and the refusal says what to set')

  for (const trustProxy of ['127.0.0.1', '1']) {
    const behind = await build(t, { env: { TRUST_PROXY: trustProxy } })
    const user = await behind.factories.user('member', { email: member.email })
    const res = await viaProxy(behind.app)
    t.equal(res.statusCode, 200, `TRUST_PROXY=${trustProxy}: signed in`)
    t.equal(res.json().user.id, user.id)
    const cookies = cookiesOf(res as never)
    t.equal(cookies.tally_refresh?.secure, true, 'the session cookie is Secure')
    t.equal(cookies.tally_signed_in?.secure, true)
    if (trustProxy !== '1') {
      const spoofed = await viaProxy(behind.app, '192.0.2.1')
      t.equal(
        spoofed.statusCode,
        403,
        'X-Forwarded-Proto from a peer that is not the proxy counts for nothing',
      )
    }
  }
})
