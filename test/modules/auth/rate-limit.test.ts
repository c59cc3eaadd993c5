import t from 'tap'
import { buildApp } from '../../../src/app.ts'
import { FACTORY_PASSWORD } from '../../factories.ts'
import { build } from '../../helper.ts'

t.test('login and register are limited per IP', async (t) => {
  const { app } = await build(t, { env: { AUTH_RATE_LIMIT: '3' } })
  const attempt = (i: number) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `u${i}@example.test`, password: 'wrong-password' },
      remoteAddress: '10.0.0.1',
    })
  for (let i = 0; i < 3; i++) t.equal((await attempt(i)).statusCode, 401)
  const limited = await attempt(99)
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().code, 'RATE_LIMITED')
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After is set')
  const register = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email: 'new@example.test', password: 'long-enough-pw', displayName: 'N' },
    remoteAddress: '10.0.0.1',
  })
  t.equal(register.statusCode, 429, 'register shares the allowance')
  const elsewhere = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'x@example.test', password: 'wrong-password' },
    remoteAddress: '10.0.0.2',
  })
  t.equal(elsewhere.statusCode, 401, 'another IP is not affected')
  const refresh = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/refresh',
    payload: { refreshToken: 'nope' },
    remoteAddress: '10.0.0.1',
  })
  t.equal(refresh.statusCode, 401, 'other routes are not limited')
})

t.test('login is limited per e-mail across IPs', async (t) => {
  const { app } = await build(t, { env: { AUTH_RATE_LIMIT: '3' } })
  const attempt = (ip: string, email = 'Target@example.test') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'wrong-password' },
      remoteAddress: ip,
    })
  for (let i = 0; i < 3; i++) t.equal((await attempt(`10.1.0.${i}`)).statusCode, 401)
  const limited = await attempt('10.1.0.200', 'target@EXAMPLE.test')
  t.equal(limited.statusCode, 429, 'the same e-mail in another case, from another IP')
  t.equal(limited.json().code, 'RATE_LIMITED')
})

t.test('the per-e-mail count is kept in the database: a restart does not reset it', async (t) => {
  const { app, database, config } = await build(t, { env: { AUTH_RATE_LIMIT: '3' } })
  const attempt = (server: typeof app, ip: string) =>
    server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'victim@example.test', password: 'wrong-password' },
      remoteAddress: ip,
    })
  for (let i = 0; i < 3; i++) t.equal((await attempt(app, `10.2.0.${i}`)).statusCode, 401)
  // A second instance of the service on the same database stands for the restarted process.
  const restarted = await buildApp(config, { database, closeDatabase: false, logger: false })
  t.teardown(() => restarted.close())
  const limited = await attempt(restarted, '10.2.0.100')
  t.equal(limited.statusCode, 429, 'still limited after the restart')
  t.ok(Number(limited.headers['retry-after']) <= 60, 'Retry-After within the window')
})

t.test('a new window starts once the minute is over', async (t) => {
  let now = new Date('2026-01-01T00:00:00Z')
  const { app } = await build(t, { env: { AUTH_RATE_LIMIT: '2' }, clock: { now: () => now } })
  const attempt = () =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'window@example.test', password: 'wrong-password' },
      remoteAddress: `10.3.0.${Math.floor(Math.random() * 200)}`,
    })
  t.equal((await attempt()).statusCode, 401)
  t.equal((await attempt()).statusCode, 401)
  t.equal((await attempt()).statusCode, 429)
  now = new Date('2026-01-01T00:01:01Z')
  t.equal((await attempt()).statusCode, 401, 'allowed again in the next window')
})

t.test('the per-e-mail count uses the login’s own normalisation (trim, case)', async (t) => {
  const { app, factories } = await build(t, { env: { AUTH_RATE_LIMIT: '3' } })
  const user = await factories.user('member', { email: 'shared@example.test' })
  const attempt = (email: string, ip: string, password = 'wrong-password') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: ip,
    })
  const right = await attempt('  SHARED@example.test ', '10.4.0.1', FACTORY_PASSWORD)
  t.equal(right.statusCode, 200, 'the login finds the account under a padded, upper-case e-mail')
  t.equal(right.json().user.id, user.id)
  t.equal((await attempt(' shared@example.test', '10.4.0.2')).statusCode, 401)
  t.equal((await attempt('shared@EXAMPLE.TEST', '10.4.0.3')).statusCode, 401)
  const fourth = await attempt('Shared@Example.Test\t', '10.4.0.4')
  t.equal(fourth.statusCode, 429, 'every spelling of the address counts against one allowance')
  t.equal(fourth.json().code, 'RATE_LIMITED')
})

t.test('every sign-in route counts against one per-IP allowance', async (t) => {
  const { app } = await build(t, { env: { AUTH_RATE_LIMIT: '3' } })
  const csrf = { 'x-tally-csrf': '1' }
  const from = (url: string, payload: object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload, headers, remoteAddress: '10.5.0.1' })
  const wrong = (n: number) => ({ email: `ip${n}@example.test`, password: 'wrong-password' })
  t.equal((await from('/api/v1/auth/login', wrong(1))).statusCode, 401)
  t.equal((await from('/web/session/login', wrong(2), csrf)).statusCode, 401)
  const register = { email: 'ip3@example.test', password: 'long-enough-pw', displayName: 'I' }
  t.equal((await from('/web/session/register', register, csrf)).statusCode, 200)
  for (const [url, headers] of [
    ['/api/v1/auth/login', {}],
    ['/api/v1/auth/register', {}],
    ['/web/session/login', csrf],
    ['/web/session/register', csrf],
  ] as const) {
    const res = await from(url, { ...wrong(4), displayName: 'I' }, headers)
    t.equal(res.statusCode, 429, `${url} shares the allowance`)
  }
})

t.test('a spoofed X-Forwarded-For does not change the IP the limit counts', async (t) => {
  for (const trustProxy of ['10.0.0.1', '1']) {
    const { app } = await build(t, { env: { AUTH_RATE_LIMIT: '2', TRUST_PROXY: trustProxy } })
    const login = (remoteAddress: string, forwardedFor: string, n: number) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `spoof${n}@example.test`, password: 'wrong-password' },
        headers: { 'x-forwarded-for': forwardedFor },
        remoteAddress,
      })
    if (trustProxy !== '1') {
      // A client that reaches Tally directly (not through the proxy) names any address it likes.
      for (let i = 0; i < 2; i++) {
        t.equal((await login('192.0.2.9', `203.0.113.${i}`, i)).statusCode, 401)
      }
      const direct = await login('192.0.2.9', '203.0.113.99', 2)
      t.equal(direct.statusCode, 429, `${trustProxy}: an untrusted peer is counted as itself`)
    }
    // Through the proxy, what the client sent comes first; the proxy appends what it saw.
    for (let i = 0; i < 2; i++) {
      const res = await login('10.0.0.1', `203.0.113.${i}, 198.51.100.7`, 10 + i)
      t.equal(res.statusCode, 401)
    }
    const proxied = await login('10.0.0.1', '203.0.113.50, 198.51.100.7', 12)
    t.equal(proxied.statusCode, 429, `${trustProxy}: counted as the client the proxy saw`)
    const other = await login('10.0.0.1', '198.51.100.8', 13)
    t.equal(other.statusCode, 401, `${trustProxy}: another client behind the proxy is not`)
  }
})
