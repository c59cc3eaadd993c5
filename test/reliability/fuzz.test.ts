// Generated bad input: fast-check builds requests for every route of the OpenAPI document from
// its schemas, then mutates them (types, missing/extra fields, huge and unicode values, NUL bytes,
// bad ids and cursors, wrong content types, deep JSON). No answer may be a 5xx; every error is
// JSON with a code from the catalogue; afterwards `tally check` finds no drift.
import fc from 'fast-check'
import type { InjectOptions } from 'fastify'
import t from 'tap'
import { isCatalogued } from '../../src/errors.ts'
import { signAccessToken } from '../../src/modules/auth/tokens.ts'
import { build, engine } from '../helper.ts'
import {
  badCursor,
  badPathValue,
  deepJson,
  mutated,
  valid,
  weirdString,
  type JsonSchema,
  type Pools,
} from './openapi-arbitraries.ts'
import { answerWithin } from './answer-within.ts'
import { makeUsers, makeWorld } from './world.ts'

// The embedded engine answers one query at a time and is several times slower per request, so it
// gets fewer requests by default; FUZZ_RUNS sets the count on either engine.
const RUNS = Number(process.env.FUZZ_RUNS ?? (engine === 'postgres' ? 10_000 : 5_000))
const SEED = Number(process.env.FUZZ_SEED ?? 20130325)

const built = await build(t, { env: { REQUEST_DEADLINE_MS: '20000' }, captureLogs: true })
const { app, injectAs, assertConsistent, logs } = built
const users = await makeUsers(built)
const worlds = [await makeWorld(built, users), await makeWorld(built, users)]
const pools: Pools = {
  ids: worlds.flatMap((w) => [
    w.idea.id,
    w.othersIdea.id,
    w.spare.id,
    w.releaseId,
    w.featureId,
    w.target.id,
    w.category.id,
  ]),
  slugs: worlds.map((w) => w.forum.slug),
}

interface Parameter {
  in: 'path' | 'query' | 'header'
  name: string
  required?: boolean
  schema: JsonSchema
}
interface Operation {
  method: string
  path: string
  parameters: Parameter[]
  body?: JsonSchema
}

const doc = app.swagger() as {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[]
        requestBody?: { content: Record<string, { schema: JsonSchema }> }
      }
    >
  >
}
const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({
    method: method.toUpperCase(),
    path,
    parameters: op.parameters ?? [],
    body: op.requestBody?.content['application/json']?.schema,
  })),
)

// Besides the real users: tokens that are malformed, unsigned (alg none), for a user that does
// not exist, or signed with another secret.
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
const forged = [
  'not-a-token',
  'a.b.c',
  `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: String(users.admin.id), role: 'admin', iss: 'tally', aud: 'tally-api' })}.`,
  built.factories.tokenFor({ id: 2_000_000_000, role: 'admin' }),
  signAccessToken(
    { id: users.admin.id, role: 'admin' },
    { secret: 'another-secret-'.repeat(3), ttlSeconds: 60 },
  ),
  'x'.repeat(5000),
].map((token) => ({ token }))
const real = [null, users.member, users.other, users.developer, users.coordinator, users.admin]
const callers = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...real) },
  { weight: 1, arbitrary: fc.constantFrom(...forged) },
)

// Schema-valid bodies too, so that requests get past validation into the services.
const BODY_KINDS = [
  'json',
  'json',
  'json',
  'valid',
  'valid',
  'valid',
  'none',
  'text',
  'form',
  'malformed',
  'deep',
  'huge',
  'wrong-charset',
] as const

const request = fc
  .tuple(fc.constantFrom(...operations), callers, fc.constantFrom(...BODY_KINDS), fc.gen())
  .map(([op, caller, bodyKind, g]): { caller: { token: string } | null; req: InjectOptions } => {
    let url = op.path
    const query = new URLSearchParams()
    const headers: Record<string, string> = {}
    for (const p of op.parameters) {
      if (p.in === 'path') {
        const value = g(() =>
          fc.oneof({ weight: 4, arbitrary: valid(p.schema, pools).map(String) }, badPathValue),
        )
        url = url.replace(`{${p.name}}`, encodeURIComponent(value).replace(/%25/g, '%'))
      } else {
        const use = g(() => fc.constantFrom('valid', 'valid', 'mutated', 'omit'))
        if (use === 'omit') continue
        let value: unknown = g(() =>
          use === 'valid' ? valid(p.schema, pools) : mutated(p.schema, pools),
        )
        if (p.name === 'cursor' && g(() => fc.boolean())) value = g(() => badCursor)
        const text = typeof value === 'string' ? value : JSON.stringify(value)
        if (p.in === 'header') headers[p.name] = text.replace(/[^\x20-\x7e]/g, '?').slice(0, 300)
        else query.append(p.name, text ?? '')
      }
    }
    if (g(() => fc.integer({ min: 0, max: 9 })) === 0)
      query.append(
        g(() => fc.constantFrom('extra', 'limit', '__proto__', 'sort')),
        g(() => weirdString).slice(0, 2000),
      )
    const qs = query.toString()
    const req: InjectOptions = {
      method: op.method as 'GET',
      url: qs ? `${url}?${qs}` : url,
      headers,
    }
    if (op.method === 'GET' || op.method === 'DELETE') {
      if (bodyKind === 'json' && g(() => fc.integer({ min: 0, max: 9 })) === 0)
        req.payload = { unexpected: true }
      return { caller, req }
    }
    switch (bodyKind) {
      case 'json':
        req.payload = JSON.stringify(g(() => mutated(op.body ?? { type: 'object' }, pools)) ?? null)
        headers['content-type'] = 'application/json'
        break
      case 'valid':
        req.payload = JSON.stringify(g(() => valid(op.body ?? { type: 'object' }, pools)) ?? null)
        headers['content-type'] = 'application/json'
        break
      case 'none':
        break
      case 'text':
        req.payload = 'plain text body'
        headers['content-type'] = 'text/plain'
        break
      case 'form':
        req.payload = 'title=hello&votes=3'
        headers['content-type'] = 'application/x-www-form-urlencoded'
        break
      case 'malformed':
        req.payload = g(() =>
          fc.constantFrom(
            '{"title": ',
            '{title: 1}',
            '\u0000',
            '[',
            'nul\u0000l',
            '{"a":1}}',
            "{'a':1}",
          ),
        )
        headers['content-type'] = 'application/json'
        break
      case 'deep':
        req.payload = g(() => deepJson)
        headers['content-type'] = 'application/json'
        break
      case 'huge':
        req.payload = JSON.stringify({
          title: 'x'.repeat(g(() => fc.constantFrom(200_000, 1_100_000))),
        })
        headers['content-type'] = 'application/json'
        break
      case 'wrong-charset':
        req.payload = JSON.stringify(g(() => valid(op.body ?? { type: 'object' }, pools)) ?? {})
        headers['content-type'] = g(() =>
          fc.constantFrom(
            'application/json; charset=utf-16',
            'application/jsonx',
            'application/xml',
            'multipart/form-data; boundary=x',
          ),
        )
        break
    }
    return { caller, req }
  })

let sent = 0
const statuses = new Map<number, number>()
const title = `${engine}: ${RUNS} generated requests: no 5xx, every error JSON with a catalogued code`
t.test(title, async (t) => {
  await fc.assert(
    fc.asyncProperty(request, async ({ caller, req }) => {
      // Past the request deadline (20 s) the service itself must have answered 503.
      const res = await answerWithin(
        injectAs(caller, req),
        30_000,
        `${req.method} ${String(req.url).slice(0, 200)} ${String(req.payload ?? '').slice(0, 200)}`,
      )
      sent++
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
      const where = `${req.method} ${String(req.url).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`
      if (res.statusCode >= 500) {
        const failure = logs.filter((l) => l.includes('request failed')).pop() ?? ''
        // A connection the fault leaked never returns, so the check afterwards and closing the
        // database would wait for it until tap's timeout: end the process soon instead.
        setTimeout(() => process.exit(1), 10_000).unref()
        throw new Error(`5xx: ${where}\nlogged: ${failure.slice(0, 600)}`)
      }
      logs.length = 0
      if (res.statusCode >= 400) {
        let body: { code?: unknown; statusCode?: unknown }
        try {
          body = res.json()
        } catch {
          throw new Error(`not JSON: ${where}`)
        }
        if (!isCatalogued(body.code)) throw new Error(`code not in the catalogue: ${where}`)
        if (body.statusCode !== res.statusCode) throw new Error(`statusCode differs: ${where}`)
      } else if (String(res.headers['content-type']).startsWith('application/json')) {
        try {
          res.json()
        } catch {
          throw new Error(`2xx with invalid JSON: ${where}`)
        }
      }
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  )
  t.comment(
    `requests sent: ${sent}; statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
  )
  t.ok(sent >= RUNS, `${sent} requests`)
})

t.test('afterwards `tally check` finds budgets and counters consistent', async (t) => {
  await assertConsistent(t)
})
