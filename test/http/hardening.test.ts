// Security hardening, through the HTTP API: helmet's headers and CSP, CORS off unless allowed,
// header limits and timeouts on a real socket, the per-request deadline, secrets kept out of logs.
import { connect } from 'node:net'
import t from 'tap'
import { build } from '../helper.ts'

t.test('helmet headers on API answers, a same-origin CSP', async (t) => {
  const { app } = await build(t)
  const res = await app.inject('/api/v1/forums')
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.equal(res.headers['x-frame-options'], 'SAMEORIGIN')
  t.match(res.headers['strict-transport-security'], /max-age=/)
  t.equal(res.headers['x-powered-by'], undefined)
  const csp = String(res.headers['content-security-policy'])
  t.match(csp, /default-src 'self'/)
  t.match(csp, /script-src 'self'(;|$)/, 'scripts only from this origin')
  t.match(csp, /style-src 'self'(;|$)/)
  t.match(csp, /img-src 'self' data:/)
  t.notMatch(csp, /upgrade-insecure-requests/, 'plain-HTTP self-hosting keeps working')
  t.match((await app.inject('/no-such-page')).headers['x-content-type-options'], 'nosniff')
})

t.test('Swagger UI keeps working under its own CSP', async (t) => {
  const { app } = await build(t)
  const page = await app.inject('/docs/')
  t.equal(page.statusCode, 200)
  const csp = String(page.headers['content-security-policy'])
  t.match(csp, /script-src 'self'/, "swagger-ui's own policy")
  t.notMatch(page.body, /<script>/, 'its page loads scripts from files only')
  t.notMatch(csp, /upgrade-insecure-requests/)
  const initializer = await app.inject('/docs/static/swagger-initializer.js')
  t.equal(initializer.statusCode, 200)
  t.equal((await app.inject('/docs/static/index.css')).statusCode, 200)
})

t.test('CORS is off by default', async (t) => {
  const { app } = await build(t)
  const res = await app.inject({
    url: '/api/v1/forums',
    headers: { origin: 'https://evil.example' },
  })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['access-control-allow-origin'], undefined)
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/api/v1/forums',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  })
  t.equal(preflight.headers['access-control-allow-origin'], undefined)
})

t.test('CORS_ORIGINS allows exactly the listed origins', async (t) => {
  const { app } = await build(t, { env: { CORS_ORIGINS: 'https://board.example' } })
  const allowed = await app.inject({
    method: 'OPTIONS',
    url: '/api/v1/forums/x/ideas',
    headers: { origin: 'https://board.example', 'access-control-request-method': 'POST' },
  })
  t.equal(allowed.statusCode, 204)
  t.equal(allowed.headers['access-control-allow-origin'], 'https://board.example')
  t.match(allowed.headers['access-control-allow-headers'], /idempotency-key/)
  const other = await app.inject({
    url: '/api/v1/forums',
    headers: { origin: 'https://evil.example' },
  })
  t.equal(other.headers['access-control-allow-origin'], undefined)
})

/** Sends raw bytes to a listening app and resolves with what came back before the socket closed. */
function raw(port: number, data: string, waitMs = 5000): Promise<{ text: string; ms: number }> {
  const started = Date.now()
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.on('data', (chunk) => (text += chunk))
    socket.on('error', () => {})
    socket.on('close', () => resolve({ text, ms: Date.now() - started }))
    socket.write(data)
    setTimeout(() => socket.destroy(), waitMs)
  })
}

t.test('on a real socket: oversized headers → 431, slow headers → connection closed', async (t) => {
  const { app } = await build(t, { env: { REQUEST_TIMEOUT_MS: '1000' } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  t.equal(app.server.headersTimeout, 1000, 'headers must arrive within the request timeout')
  t.equal(app.server.requestTimeout, 1000)
  t.equal(app.server.maxHeadersCount, 100)

  const huge = await raw(
    port,
    `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
  )
  t.match(huge.text, /^HTTP\/1\.1 431/, 'headers over 16 KiB are refused')
  t.same(
    JSON.parse(huge.text.slice(huge.text.indexOf('\r\n\r\n') + 4)),
    {
      statusCode: 431,
      code: 'PAYLOAD_TOO_LARGE',
      error: 'Request Header Fields Too Large',
      message: 'The request headers are too large',
    },
    'in JSON, with a catalogued code',
  )
  const garbage = await raw(port, 'NOT HTTP AT ALL\r\n\r\n')
  t.match(garbage.text, /^HTTP\/1\.1 400/)
  t.match(garbage.text, /"code":"VALIDATION_FAILED"/, 'malformed HTTP: JSON with a catalogued code')

  // A slowloris client: a request line and one header, then nothing.
  const slow = await raw(port, 'GET /health HTTP/1.1\r\nHost: x\r\n', 8000)
  t.ok(slow.ms < 4000, `the server hung up after ${slow.ms} ms`)
  t.match(slow.text, /^(HTTP\/1\.1 408|)/, 'with 408 or nothing')

  // Headers on time, then a body trickled too slowly: the request timeout ends it.
  const slowBody = await raw(
    port,
    'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"email":',
    8000,
  )
  t.ok(slowBody.ms < 4000, `a slow body was cut off after ${slowBody.ms} ms`)

  const ok = await raw(port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  t.match(ok.text, /^HTTP\/1\.1 200/, 'a normal client is served')
})

t.test('a request past its deadline → 503 UNAVAILABLE, promptly', async (t) => {
  const { app } = await build(t, {
    env: { REQUEST_DEADLINE_MS: '200' },
    beforeReady: (app) =>
      app.get('/stall', async () => {
        await new Promise((resolve) => setTimeout(resolve, 1500))
        return { late: true }
      }),
  })
  const started = Date.now()
  const res = await app.inject('/stall')
  t.equal(res.statusCode, 503)
  t.equal(res.json().code, 'UNAVAILABLE')
  t.equal(res.headers['retry-after'], '5')
  t.ok(Date.now() - started < 1000, 'answered at the deadline, not when the handler finished')
  await new Promise((resolve) => setTimeout(resolve, 1500))
  t.equal((await app.inject('/health')).statusCode, 200, 'the late handler broke nothing')
})

t.test('passwords, tokens and auth headers never reach the log, even on errors', async (t) => {
  const { app, logs, factories } = await build(t, {
    captureLogs: true,
    beforeReady: (app) =>
      app.post('/fail', async () => {
        throw new Error('boom')
      }),
  })
  const user = await factories.user('member')
  await app.inject({
    method: 'POST',
    url: '/fail',
    headers: { authorization: `Bearer ${user.token}`, cookie: 'session=cookie-secret-value' },
    payload: { password: 'password-in-a-failed-request', refreshToken: 'refresh-in-a-failed-one' },
  })
  await app.inject({
    url: '/api/v1/me',
    headers: { authorization: 'Bearer not.a.valid-token-secret' },
  })
  await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: 'wrong-password-attempt' },
  })
  const all = logs.join('\n')
  t.match(all, /request failed/, 'the failure was logged')
  for (const secret of [
    user.token,
    'cookie-secret-value',
    'password-in-a-failed-request',
    'refresh-in-a-failed-one',
    'not.a.valid-token-secret',
    'wrong-password-attempt',
  ]) {
    t.notOk(all.includes(secret), `${secret.slice(0, 12)}… is not in the log`)
  }
})
