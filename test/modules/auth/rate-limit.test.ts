import t from 'tap'
import { buildApp } from '../../../src/app.ts'
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
