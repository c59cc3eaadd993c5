// The access matrix: every route of the OpenAPI document × {anonymous, member (the owner of the
// objects), another member, developer, coordinator, admin} → the expected status. Each cell runs
// on a fresh world, so a write in one cell cannot change another's outcome. A route without a row
// (or a row without a route) fails the test.
import t from 'tap'
import { build, engine } from '../helper.ts'
import { FACTORY_PASSWORD } from '../factories.ts'
import { makeUsers, makeWorld, ROLES, type RoleName, type Users, type World } from './world.ts'

/** A cell's request; `headers` for the browser-session routes (CSRF header, session cookie). */
interface Cell {
  url: string
  payload?: object
  headers?: Record<string, string>
}
type Expect = readonly [number, number, number, number, number, number]
interface Row {
  /** The request for a cell: url (with the world's ids), body. */
  req: (w: World, u: Users, self: RoleName) => Promise<Cell> | Cell
  expect: Expect
  /** Where the object does not exist: the url, and what the admin gets (404 unless noted). */
  missing?: (w: World) => { url: string; payload?: object }
}

const all = (s: number): Expect => [s, s, s, s, s, s]
const member = (s: number): Expect => [401, s, s, s, s, s]
const developer = (s: number): Expect => [401, 403, 403, s, s, s]
const coordinator = (s: number): Expect => [401, 403, 403, 403, s, s]
const admin = (s: number): Expect => [401, 403, 403, 403, 403, s]
const NO_ID = 2_147_483_647
const NO_SLUG = 'no-such-forum'

let seq = 0
const unique = () => `${process.pid}-${++seq}`

const built = await build(t)
const { injectAs, app, db } = built

const WEB = { 'x-tally-csrf': '1' }
/** The target's browser session cookie, from a sign-in through the web session route. */
async function sessionCookieOf(w: World): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/web/session/login',
    headers: WEB,
    payload: { email: w.target.email, password: FACTORY_PASSWORD },
  })
  const cookie = res.cookies.find((c) => c.name === 'tally_refresh')
  if (!cookie) throw new Error(`no session cookie: ${res.body}`)
  return `tally_refresh=${cookie.value}`
}

const rows: Record<string, Row> = {
  'GET /health': { req: () => ({ url: '/health' }), expect: all(200) },
  'GET /ready': { req: () => ({ url: '/ready' }), expect: all(200) },
  'POST /api/v1/auth/register': {
    req: () => ({
      url: '/api/v1/auth/register',
      payload: {
        email: `reg-${unique()}@example.test`,
        password: 'a long password',
        displayName: 'R',
      },
    }),
    expect: all(201),
  },
  'POST /api/v1/auth/login': {
    req: (w) => ({
      url: '/api/v1/auth/login',
      payload: { email: w.target.email, password: FACTORY_PASSWORD },
    }),
    expect: all(200),
  },
  'POST /api/v1/auth/refresh': {
    req: async (w) => ({
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: await refreshTokenOf(w) },
    }),
    expect: all(200),
  },
  'POST /api/v1/auth/logout': {
    req: async (w) => ({
      url: '/api/v1/auth/logout',
      payload: { refreshToken: await refreshTokenOf(w) },
    }),
    expect: all(204),
  },
  // Browser sessions: anyone may sign in or up; refresh and logout act on the session cookie the
  // request carries, whatever bearer token comes with it.
  'POST /web/session/register': {
    req: () => ({
      url: '/web/session/register',
      headers: WEB,
      payload: {
        email: `web-${unique()}@example.test`,
        password: 'a long password',
        displayName: 'W',
      },
    }),
    expect: all(200),
  },
  'POST /web/session/login': {
    req: (w) => ({
      url: '/web/session/login',
      headers: WEB,
      payload: { email: w.target.email, password: FACTORY_PASSWORD },
    }),
    expect: all(200),
  },
  'POST /web/session/refresh': {
    req: async (w) => ({
      url: '/web/session/refresh',
      headers: { ...WEB, cookie: await sessionCookieOf(w) },
    }),
    expect: all(200),
  },
  'POST /web/session/logout': {
    req: async (w) => ({
      url: '/web/session/logout',
      headers: { ...WEB, cookie: await sessionCookieOf(w) },
    }),
    expect: all(204),
  },
  'GET /api/v1/me': { req: () => ({ url: '/api/v1/me' }), expect: member(200) },
  'GET /api/v1/users': { req: () => ({ url: '/api/v1/users' }), expect: admin(200) },
  'POST /api/v1/me/tokens': {
    req: () => ({ url: '/api/v1/me/tokens', payload: { name: 'ci', scopes: ['read'] } }),
    expect: member(201),
  },
  'GET /api/v1/me/tokens': { req: () => ({ url: '/api/v1/me/tokens' }), expect: member(200) },
  'DELETE /api/v1/me/tokens/{id}': {
    req: () => ({ url: `/api/v1/me/tokens/${NO_ID}` }),
    expect: member(404),
  },
  'GET /api/v1/auth/providers': {
    req: () => ({ url: '/api/v1/auth/providers' }),
    expect: all(200),
  },
  'GET /api/v1/me/identities': {
    req: () => ({ url: '/api/v1/me/identities' }),
    expect: member(200),
  },
  'DELETE /api/v1/me/identities/{provider}': {
    req: () => ({ url: '/api/v1/me/identities/github' }),
    expect: member(404),
  },
  'GET /api/v1/me/sessions': { req: () => ({ url: '/api/v1/me/sessions' }), expect: member(200) },
  'DELETE /api/v1/me/sessions/{id}': {
    req: () => ({ url: '/api/v1/me/sessions/00000000-0000-4000-8000-000000000000' }),
    expect: member(404),
  },
  'DELETE /api/v1/me/sessions': {
    req: () => ({ url: '/api/v1/me/sessions' }),
    expect: member(204),
  },
  'PATCH /api/v1/users/{id}': {
    req: (w) => ({ url: `/api/v1/users/${w.target.id}`, payload: { role: 'admin' } }),
    expect: admin(200),
    missing: () => ({ url: `/api/v1/users/${NO_ID}`, payload: { role: 'developer' } }),
  },
  'GET /api/v1/forums': { req: () => ({ url: '/api/v1/forums' }), expect: all(200) },
  'GET /api/v1/forums/{slug}/export': {
    req: (w) => ({ url: `/api/v1/forums/${w.forum.slug}/export` }),
    expect: admin(200),
    missing: () => ({ url: `/api/v1/forums/${NO_SLUG}/export` }),
  },
  'POST /api/v1/forums': {
    req: () => ({ url: '/api/v1/forums', payload: { slug: `f-${unique()}`, name: 'New forum' } }),
    expect: admin(201),
  },
  'GET /api/v1/forums/{slug}': {
    req: (w) => ({ url: `/api/v1/forums/${w.forum.slug}` }),
    expect: all(200),
    missing: () => ({ url: `/api/v1/forums/${NO_SLUG}` }),
  },
  'PATCH /api/v1/forums/{slug}': {
    req: (w) => ({ url: `/api/v1/forums/${w.forum.slug}`, payload: { name: 'Renamed' } }),
    expect: admin(200),
    missing: () => ({ url: `/api/v1/forums/${NO_SLUG}`, payload: { name: 'Renamed' } }),
  },
  'POST /api/v1/forums/{slug}/categories': {
    req: (w) => ({ url: `/api/v1/forums/${w.forum.slug}/categories`, payload: { name: 'Added' } }),
    expect: admin(201),
    missing: () => ({ url: `/api/v1/forums/${NO_SLUG}/categories`, payload: { name: 'Added' } }),
  },
  'GET /api/v1/forums/{slug}/ideas': {
    req: (w) => ({ url: `/api/v1/forums/${w.forum.slug}/ideas` }),
    expect: all(200),
    missing: () => ({ url: `/api/v1/forums/${NO_SLUG}/ideas` }),
  },
  'POST /api/v1/forums/{slug}/ideas': {
    req: (w) => ({ url: `/api/v1/forums/${w.forum.slug}/ideas`, payload: { title: 'A new idea' } }),
    expect: member(201),
    missing: () => ({ url: `/api/v1/forums/${NO_SLUG}/ideas`, payload: { title: 'A new idea' } }),
  },
  'GET /api/v1/forums/{slug}/ideas/similar': {
    req: (w) => ({ url: `/api/v1/forums/${w.forum.slug}/ideas/similar?title=Idea` }),
    expect: all(200),
    missing: () => ({ url: `/api/v1/forums/${NO_SLUG}/ideas/similar?title=Idea` }),
  },
  'GET /api/v1/ideas/{id}': {
    req: (w) => ({ url: `/api/v1/ideas/${w.idea.id}` }),
    expect: all(200),
    missing: () => ({ url: `/api/v1/ideas/${NO_ID}` }),
  },
  // Edit: the author or a developer; nobody edits another member's idea. The edit moves the idea
  // to another category of its forum too: the category check is a query of its own inside the
  // edit's transaction, the shape that once reached the pool and hung the one-connection engine.
  'PATCH /api/v1/ideas/{id}': {
    req: (w) => ({
      url: `/api/v1/ideas/${w.idea.id}`,
      payload: { title: 'Edited title', categoryId: w.otherCategory.id },
    }),
    expect: [401, 200, 403, 200, 200, 200],
    missing: () => ({ url: `/api/v1/ideas/${NO_ID}`, payload: { title: 'Edited title' } }),
  },
  // Delete: the author or an admin.
  'DELETE /api/v1/ideas/{id}': {
    req: (w) => ({ url: `/api/v1/ideas/${w.idea.id}` }),
    expect: [401, 204, 403, 403, 403, 204],
    missing: () => ({ url: `/api/v1/ideas/${NO_ID}` }),
  },
  'GET /api/v1/ideas/{id}/history': {
    req: (w) => ({ url: `/api/v1/ideas/${w.idea.id}/history` }),
    expect: all(200),
    missing: () => ({ url: `/api/v1/ideas/${NO_ID}/history` }),
  },
  'GET /api/v1/ideas/{id}/vote-history': {
    req: (w) => ({ url: `/api/v1/ideas/${w.idea.id}/vote-history` }),
    expect: all(200),
    missing: () => ({ url: `/api/v1/ideas/${NO_ID}/vote-history` }),
  },
  'GET /api/v1/ideas/{id}/comments': {
    req: (w) => ({ url: `/api/v1/ideas/${w.idea.id}/comments` }),
    expect: all(200),
    missing: () => ({ url: `/api/v1/ideas/${NO_ID}/comments` }),
  },
  'POST /api/v1/ideas/{id}/comments': {
    req: (w) => ({ url: `/api/v1/ideas/${w.idea.id}/comments`, payload: { body: 'A comment' } }),
    expect: member(201),
    missing: () => ({ url: `/api/v1/ideas/${NO_ID}/comments`, payload: { body: 'A comment' } }),
  },
  // Each member sets only their own votes: the route has no user in it (checked below too).
  'PUT /api/v1/ideas/{id}/vote': {
    req: (w) => ({ url: `/api/v1/ideas/${w.idea.id}/vote`, payload: { votes: 1 } }),
    expect: member(200),
    missing: () => ({ url: `/api/v1/ideas/${NO_ID}/vote`, payload: { votes: 1 } }),
  },
  'DELETE /api/v1/ideas/{id}/vote': {
    req: (w) => ({ url: `/api/v1/ideas/${w.idea.id}/vote` }),
    expect: member(200),
    missing: () => ({ url: `/api/v1/ideas/${NO_ID}/vote` }),
  },
  'GET /api/v1/forums/{slug}/budget': {
    req: (w) => ({ url: `/api/v1/forums/${w.forum.slug}/budget` }),
    expect: member(200),
    missing: () => ({ url: `/api/v1/forums/${NO_SLUG}/budget` }),
  },
  'POST /api/v1/ideas/{id}/status': {
    req: (w) => ({ url: `/api/v1/ideas/${w.idea.id}/status`, payload: { status: 'under_review' } }),
    expect: developer(200),
    missing: () => ({ url: `/api/v1/ideas/${NO_ID}/status`, payload: { status: 'under_review' } }),
  },
  'POST /api/v1/ideas/{id}/merge': {
    req: (w) => ({ url: `/api/v1/ideas/${w.idea.id}/merge`, payload: { intoId: w.othersIdea.id } }),
    expect: developer(200),
    missing: (w) => ({ url: `/api/v1/ideas/${NO_ID}/merge`, payload: { intoId: w.othersIdea.id } }),
  },
  'PATCH /api/v1/ideas/{id}/triage': {
    req: (w) => ({ url: `/api/v1/ideas/${w.idea.id}/triage`, payload: { effort: 2 } }),
    expect: developer(200),
    missing: () => ({ url: `/api/v1/ideas/${NO_ID}/triage`, payload: { effort: 2 } }),
  },
  'GET /api/v1/forums/{slug}/triage': {
    req: (w) => ({ url: `/api/v1/forums/${w.forum.slug}/triage` }),
    expect: developer(200),
    missing: () => ({ url: `/api/v1/forums/${NO_SLUG}/triage` }),
  },
  'GET /api/v1/forums/{slug}/releases': {
    req: (w) => ({ url: `/api/v1/forums/${w.forum.slug}/releases` }),
    expect: all(200),
    missing: () => ({ url: `/api/v1/forums/${NO_SLUG}/releases` }),
  },
  'POST /api/v1/forums/{slug}/releases': {
    req: (w) => ({
      url: `/api/v1/forums/${w.forum.slug}/releases`,
      payload: {
        name: 'next',
        featureFreezeAt: '2099-01-01T00:00:00Z',
        releaseAt: '2099-02-01T00:00:00Z',
      },
    }),
    expect: coordinator(201),
    missing: () => ({
      url: `/api/v1/forums/${NO_SLUG}/releases`,
      payload: {
        name: 'next',
        featureFreezeAt: '2099-01-01T00:00:00Z',
        releaseAt: '2099-02-01T00:00:00Z',
      },
    }),
  },
  'GET /api/v1/releases/{id}': {
    req: (w) => ({ url: `/api/v1/releases/${w.releaseId}` }),
    expect: all(200),
    missing: () => ({ url: `/api/v1/releases/${NO_ID}` }),
  },
  'PATCH /api/v1/releases/{id}': {
    req: (w) => ({ url: `/api/v1/releases/${w.releaseId}`, payload: { capacity: 20 } }),
    expect: coordinator(200),
    missing: () => ({ url: `/api/v1/releases/${NO_ID}`, payload: { capacity: 20 } }),
  },
  'GET /api/v1/releases/{id}/report': {
    req: (w) => ({ url: `/api/v1/releases/${w.releaseId}/report` }),
    expect: all(200),
    missing: () => ({ url: `/api/v1/releases/${NO_ID}/report` }),
  },
  'GET /api/v1/releases/{id}/plan': {
    req: (w) => ({ url: `/api/v1/releases/${w.releaseId}/plan?capacity=10` }),
    expect: developer(200),
    missing: () => ({ url: `/api/v1/releases/${NO_ID}/plan?capacity=10` }),
  },
  'POST /api/v1/releases/{id}/ship': {
    req: (w) => ({ url: `/api/v1/releases/${w.releaseId}/ship`, payload: {} }),
    expect: coordinator(200),
    missing: () => ({ url: `/api/v1/releases/${NO_ID}/ship`, payload: {} }),
  },
  'POST /api/v1/ideas/{id}/promote': {
    req: (w) => ({
      url: `/api/v1/ideas/${w.idea.id}/promote`,
      payload: { releaseId: w.releaseId },
    }),
    expect: coordinator(201),
    missing: (w) => ({
      url: `/api/v1/ideas/${NO_ID}/promote`,
      payload: { releaseId: w.releaseId },
    }),
  },
  'POST /api/v1/releases/{id}/features': {
    req: (w) => ({
      url: `/api/v1/releases/${w.releaseId}/features`,
      payload: { title: 'Another feature' },
    }),
    expect: coordinator(201),
    missing: () => ({
      url: `/api/v1/releases/${NO_ID}/features`,
      payload: { title: 'Another feature' },
    }),
  },
  'GET /api/v1/features/{id}': {
    req: (w) => ({ url: `/api/v1/features/${w.featureId}` }),
    expect: all(200),
    missing: () => ({ url: `/api/v1/features/${NO_ID}` }),
  },
  // The feature's owner (the member) may change status and prognosis; the coordinator anything.
  'PATCH /api/v1/features/{id}': {
    req: (w) => ({
      url: `/api/v1/features/${w.featureId}`,
      payload: { status: 'on track', prognosis: 'good' },
    }),
    expect: [401, 200, 403, 403, 200, 200],
    missing: () => ({ url: `/api/v1/features/${NO_ID}`, payload: { status: 'x' } }),
  },
  'GET /api/v1/features/{id}/history': {
    req: (w) => ({ url: `/api/v1/features/${w.featureId}/history` }),
    expect: all(200),
    missing: () => ({ url: `/api/v1/features/${NO_ID}/history` }),
  },
  'POST /api/v1/features/{id}/ideas': {
    req: (w) => ({ url: `/api/v1/features/${w.featureId}/ideas`, payload: { ideaId: w.spare.id } }),
    expect: coordinator(200),
    missing: (w) => ({ url: `/api/v1/features/${NO_ID}/ideas`, payload: { ideaId: w.spare.id } }),
  },
  'GET /api/v1/forums/{slug}/backlog': {
    req: (w) => ({ url: `/api/v1/forums/${w.forum.slug}/backlog` }),
    expect: all(200),
    missing: () => ({ url: `/api/v1/forums/${NO_SLUG}/backlog` }),
  },
}

async function refreshTokenOf(w: World): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: w.target.email, password: FACTORY_PASSWORD },
  })
  return res.json().refreshToken as string
}

const users = await makeUsers(built)
const tokenOf = (role: RoleName) => (role === 'anonymous' ? null : users[role])
const CODE_OF: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
}

const routeKeys = () => {
  const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> }
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
  )
}

t.test('every route of the OpenAPI document has a row, and every row a route', async (t) => {
  const routes = routeKeys()
  t.same(
    routes.filter((k) => !(k in rows)),
    [],
    'routes without a row',
  )
  t.same(
    Object.keys(rows).filter((k) => !routes.includes(k)),
    [],
    'rows without a route',
  )
})

let cells = 0
/** Set when a cell answered 5xx: the tests after the matrix would only wait on the same fault. */
let stopped = ''
t.test('the matrix', async (t) => {
  for (const [key, row] of Object.entries(rows)) {
    const method = key.split(' ')[0] as 'GET'
    for (const [i, role] of ROLES.entries()) {
      const world = await makeWorld(built, users)
      const { url, payload, headers } = await row.req(world, users, role)
      const res = await injectAs(tokenOf(role), {
        method,
        url,
        ...(payload ? { payload } : {}),
        ...(headers ? { headers } : {}),
      })
      cells++
      const want = row.expect[i]!
      if (res.statusCode >= 500) {
        // A 5xx is a defect whatever the cell expects. Stop here: a service that failed this way
        // (a leaked connection, say) would fail every later cell the same way, slowly.
        stopped = `${key} as ${role}: ${res.statusCode}`
        // A connection the fault leaked never returns, so closing the database at teardown would
        // wait for it until tap's timeout: end the process soon instead (the failure is reported).
        setTimeout(() => process.exit(1), 10_000).unref()
        t.fail(`${key} as ${role} on ${engine}: ${res.statusCode}: ${res.body.slice(0, 200)}`)
        return
      }
      if (res.statusCode !== want) {
        t.fail(`${key} as ${role}: ${res.statusCode}, expected ${want}: ${res.body.slice(0, 200)}`)
        continue
      }
      if (CODE_OF[want]) t.equal(res.json().code, CODE_OF[want], `${key} as ${role}: ${want}`)
      else t.pass(`${key} as ${role}: ${want}`)
    }
    if (row.missing) {
      const world = await makeWorld(built, users)
      const { url, payload } = row.missing(world)
      const res = await injectAs(users.admin, { method, url, ...(payload ? { payload } : {}) })
      cells++
      t.equal(res.statusCode, 404, `${key} on a missing object as admin: ${res.body.slice(0, 120)}`)
    }
  }
  t.comment(
    `${Object.keys(rows).length} routes × ${ROLES.length} roles, plus missing-object rows: ${cells} cells`,
  )
})

t.test("nobody changes or withdraws another member's votes", async (t) => {
  if (stopped)
    return t.pass('not run', { skip: `the service already failed in the matrix (${stopped})` })
  const world = await makeWorld(built, users)
  await built.vote(users.other, world.idea.id, 3)
  await injectAs(users.other, { method: 'DELETE', url: `/api/v1/ideas/${world.idea.id}/vote` })
  await injectAs(users.admin, { method: 'DELETE', url: `/api/v1/ideas/${world.idea.id}/vote` })
  const ballots = await db
    .selectFrom('ballots')
    .select(['user_id', 'votes'])
    .where('idea_id', '=', world.idea.id)
    .where('votes', '>', 0)
    .execute()
  t.same(ballots, [{ user_id: users.member.id, votes: 2 }], "only the member's own 2 votes remain")
  const budget = (
    await injectAs(users.other, { url: `/api/v1/forums/${world.forum.slug}/budget` })
  ).json()
  t.equal(budget.spent, 0, "another member's budget shows only their own ballots")
  t.same(budget.ballots, [])
})

t.test('nobody raises a role but an admin', async (t) => {
  if (stopped)
    return t.pass('not run', { skip: `the service already failed in the matrix (${stopped})` })
  for (const role of ['member', 'developer', 'coordinator'] as const) {
    const res = await injectAs(users[role], {
      method: 'PATCH',
      url: `/api/v1/users/${users[role].id}`,
      payload: { role: 'admin' },
    })
    t.equal(res.statusCode, 403, `${role} cannot make themselves admin`)
  }
  const roles = await db
    .selectFrom('users')
    .select('role')
    .where('id', 'in', [users.member.id, users.developer.id, users.coordinator.id])
    .execute()
  t.same(roles.map((r) => r.role).sort(), ['coordinator', 'developer', 'member'])
  const register = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: {
      email: `sneaky-${unique()}@example.test`,
      password: 'a long password',
      displayName: 'S',
      role: 'admin',
    },
  })
  t.equal(register.statusCode, 201)
  t.equal(register.json().user.role, 'member', 'a client cannot choose a role at registration')
})
