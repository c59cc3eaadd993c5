import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.ts'
import { openDatabase } from '../../src/db/engine.ts'
import { ERROR_CODES } from '../../src/errors.ts'
import { build, testConfig } from '../helper.ts'

const { app, logs } = await build(t, {
  captureLogs: true,
  beforeReady: (app) => {
    app.get('/boom', async () => {
      throw new Error('secret internal detail: SELECT * FROM users')
    })
  },
})

function assertErrorShape(t: Test, body: Record<string, unknown>, status: number, code: string) {
  t.equal(body.statusCode, status)
  t.equal(body.code, code)
  t.type(body.error, 'string')
  t.type(body.message, 'string')
  t.ok(ERROR_CODES.includes(code as never), `${code} is in the catalogue`)
}

t.test('service endpoints', async (t) => {
  t.same((await app.inject('/health')).json(), { status: 'ok' })
  const ready = await app.inject('/ready')
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ready' })
  const openapi = await app.inject('/openapi.json')
  t.equal(openapi.statusCode, 200)
  const doc = openapi.json()
  t.equal(doc.openapi, '3.0.3')
  t.ok(doc.paths['/api/v1/auth/register'], 'documents the API routes')
  t.ok(doc.components.schemas.ErrorResponse, 'and the error shape')
  const docs = await app.inject('/docs/')
  t.equal(docs.statusCode, 200)
  t.match(docs.headers['content-type'], /html/)
})

t.test('unknown route → 404 NOT_FOUND', async (t) => {
  const res = await app.inject('/api/v1/no-such-thing')
  t.equal(res.statusCode, 404)
  assertErrorShape(t, res.json(), 404, 'NOT_FOUND')
})

t.test('malformed JSON → 400 VALIDATION_FAILED', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: '{"email": ',
  })
  t.equal(res.statusCode, 400)
  assertErrorShape(t, res.json(), 400, 'VALIDATION_FAILED')
})

t.test('schema failure → 400 with details naming the fields', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email: 'not-an-email', password: 'short' },
  })
  t.equal(res.statusCode, 400)
  const body = res.json()
  assertErrorShape(t, body, 400, 'VALIDATION_FAILED')
  t.ok(Array.isArray(body.details) && body.details.length > 0)
  t.match(body.details[0], { path: /^\/body/, message: String })
})

t.test('body over 1 MiB → 413 PAYLOAD_TOO_LARGE', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1024 * 1024 + 10) }),
  })
  t.equal(res.statusCode, 413)
  assertErrorShape(t, res.json(), 413, 'PAYLOAD_TOO_LARGE')
})

t.test('a body that is not JSON → 415 UNSUPPORTED_MEDIA_TYPE', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'content-type': 'text/xml' },
    payload: '<login/>',
  })
  t.equal(res.statusCode, 415)
  assertErrorShape(t, res.json(), 415, 'UNSUPPORTED_MEDIA_TYPE')
})

t.test(
  'unexpected failure → 500 INTERNAL, generic to the client, logged with the request id',
  async (t) => {
    const res = await app.inject('/boom')
    t.equal(res.statusCode, 500)
    const body = res.json()
    assertErrorShape(t, body, 500, 'INTERNAL')
    t.equal(body.message, 'Internal server error')
    t.notMatch(
      res.body,
      /secret internal detail|SELECT|at .*\.ts/,
      'no message, SQL or stack leaks',
    )
    const line = logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'request failed')
    t.ok(line, 'the failure is logged')
    t.ok(line.reqId, 'with the request id')
    t.notOk(line.err.stack, 'without a stack at info level')
  },
)

t.test('database unreachable → 503 UNAVAILABLE, and /ready says so', async (t) => {
  const dead = await openDatabase({
    kind: 'postgres',
    url: 'postgres://postgres@127.0.0.1:1/nowhere',
    poolSize: 1,
    statementTimeoutMs: 1000,
  })
  const deadApp = await buildApp(testConfig(), { database: dead, logger: false })
  t.teardown(() => deadApp.close())
  const ready = await deadApp.inject('/ready')
  t.equal(ready.statusCode, 503)
  assertErrorShape(t, ready.json(), 503, 'UNAVAILABLE')
  const list = await deadApp.inject('/api/v1/forums')
  t.equal(list.statusCode, 503)
  assertErrorShape(t, list.json(), 503, 'UNAVAILABLE')
  t.equal(list.headers['retry-after'], '5')
  t.equal((await deadApp.inject('/health')).statusCode, 200, 'the process itself is alive')
})

t.test('CORS is off by default and follows CORS_ORIGINS when set', async (t) => {
  const preflight = {
    method: 'OPTIONS' as const,
    url: '/api/v1/forums',
    headers: { origin: 'https://board.example', 'access-control-request-method': 'GET' },
  }
  const closed = await app.inject(preflight)
  t.notOk(closed.headers['access-control-allow-origin'], 'no CORS headers by default')
  const { app: open } = await build(t, { env: { CORS_ORIGINS: 'https://board.example' } })
  const allowed = await open.inject(preflight)
  t.equal(allowed.headers['access-control-allow-origin'], 'https://board.example')
  const other = await open.inject({
    ...preflight,
    headers: { ...preflight.headers, origin: 'https://evil.example' },
  })
  t.notOk(other.headers['access-control-allow-origin'], 'other origins are not allowed')
})
