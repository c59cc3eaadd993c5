// Signed SSO from an embedding product: a good token signs in (creating the account once, then the
// same account), and every bad one — algorithm, audience, expiry, lifetime, replay, secret, next —
// is refused with a redirect and nothing created.
import t from 'tap'
import jwt from 'jsonwebtoken'
import { randomUUID } from 'node:crypto'
import { build } from '../helper.ts'

const SECRET = 'an-sso-secret-of-at-least-thirty-two-bytes!'
const { app, db, factories } = await build(t, { env: { SSO_SECRET: SECRET } })

/** A token; an option (or claim) given as undefined is left out. */
function sign(claims: object = {}, options: jwt.SignOptions = {}, secret = SECRET) {
  const opts = Object.fromEntries(
    Object.entries({
      algorithm: 'HS256',
      audience: 'tally-sso',
      expiresIn: 120,
      ...options,
    }).filter(([, v]) => v !== undefined),
  )
  const payload = Object.fromEntries(
    Object.entries({
      email: 'ada@product.test',
      name: 'Ada',
      externalId: 'p-1',
      jti: randomUUID(),
      ...claims,
    }).filter(([, v]) => v !== undefined),
  )
  return jwt.sign(payload, secret, opts)
}
const sso = (token: string, next = '/f/xen') =>
  app.inject({
    url: `/sso?token=${encodeURIComponent(token)}&next=${encodeURIComponent(next)}`,
    headers: { 'user-agent': 'embedded' },
  })
const refreshCookie = (res: Awaited<ReturnType<typeof sso>>) =>
  res.cookies.find((c) => c.name === 'tally_refresh')
const count = async (table: 'users' | 'identities' | 'refresh_tokens') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

t.test('a signed token signs in as the web session does and goes to next', async (t) => {
  const res = await sso(sign())
  t.equal(res.statusCode, 302)
  t.equal(res.headers.location, '/f/xen')
  const cookie = refreshCookie(res)
  t.ok(cookie, 'the refresh cookie is set')
  t.match(cookie, { httpOnly: true, sameSite: 'Strict', path: '/web/session' })
  const refreshed = await app.inject({
    method: 'POST',
    url: '/web/session/refresh',
    headers: { 'x-tally-csrf': '1', cookie: `tally_refresh=${cookie?.value}` },
  })
  t.equal(refreshed.statusCode, 200)
  t.equal(refreshed.json().user.email, 'ada@product.test')
  const access = refreshed.json().accessToken
  const sessions = await app.inject({
    url: '/api/v1/me/sessions',
    headers: { authorization: `Bearer ${access}` },
  })
  t.match(sessions.json().items, [{ method: 'sso', userAgent: 'embedded', current: true }])
  const ids = await app.inject({
    url: '/api/v1/me/identities',
    headers: { authorization: `Bearer ${access}` },
  })
  t.match(ids.json().items, [{ provider: 'sso', subject: 'p-1', email: 'ada@product.test' }])
  const unlink = await app.inject({
    method: 'DELETE',
    url: '/api/v1/me/identities/sso',
    headers: { authorization: `Bearer ${access}` },
  })
  t.equal(unlink.statusCode, 409, 'the last way to sign in is not unlinked')
  t.equal(unlink.json().code, 'CONFLICT')

  const users = await count('users')
  const again = await sso(sign())
  t.equal(again.statusCode, 302)
  t.equal(await count('users'), users, 'the second sign-in finds the same account')
})

t.test('an existing account is linked by the product-vouched e-mail', async (t) => {
  const user = await factories.user('developer')
  const res = await sso(sign({ email: user.email, externalId: 'p-2' }))
  t.equal(res.headers.location, '/f/xen')
  const row = await db
    .selectFrom('identities')
    .select('user_id')
    .where('subject', '=', 'p-2')
    .executeTakeFirstOrThrow()
  t.equal(row.user_id, user.id)
})

t.test('refusals: nothing created, no cookie, a signin_error redirect', async (t) => {
  const now = Math.floor(Date.now() / 1000)
  const replayed = sign({ externalId: 'p-replay', email: 'replay@product.test' })
  t.equal((await sso(replayed)).statusCode, 302)
  const cases: [string, string, string][] = [
    ['replayed jti', replayed, 'replayed_token'],
    ['another audience', sign({}, { audience: 'someone-else' }), 'invalid_token'],
    [
      'no audience',
      jwt.sign({ email: 'x@y.z', externalId: 'q', jti: 'j1', exp: now + 60 }, SECRET),
      'invalid_token',
    ],
    ['HS512', sign({}, { algorithm: 'HS512' }), 'invalid_token'],
    [
      'alg none',
      jwt.sign(
        { email: 'x@y.z', externalId: 'q', jti: 'j2', aud: 'tally-sso', exp: now + 60 },
        '',
        { algorithm: 'none' },
      ),
      'invalid_token',
    ],
    [
      'another secret',
      sign({}, {}, 'another-secret-of-at-least-thirty-two-bytes'),
      'invalid_token',
    ],
    ['expired', sign({ exp: now - 10 }, { expiresIn: undefined }), 'invalid_token'],
    ['exp more than 5 minutes ahead', sign({}, { expiresIn: 3600 }), 'invalid_token'],
    ['no exp', sign({}, { expiresIn: undefined }), 'invalid_token'],
    ['issued in the future', sign({ iat: now + 600 }), 'invalid_token'],
    ['not yet valid', sign({}, { notBefore: 120 }), 'invalid_token'],
    ['no jti', sign({ jti: undefined }), 'invalid_token'],
    ['no externalId', sign({ externalId: undefined }), 'invalid_token'],
    ['a bad e-mail', sign({ email: 'not-an-email' }), 'invalid_token'],
    ['garbage', 'not.a.jwt', 'invalid_token'],
  ]
  const users = await count('users')
  const identities = await count('identities')
  const sessions = await count('refresh_tokens')
  for (const [name, token, code] of cases) {
    const res = await sso(token)
    t.equal(res.statusCode, 302, name)
    t.equal(res.headers.location, `/?signin_error=${code}`, name)
    t.notOk(refreshCookie(res), `${name}: no session cookie`)
  }
  const missing = await app.inject({ url: '/sso' })
  t.equal(missing.headers.location, '/?signin_error=invalid_token')
  t.equal(await count('users'), users, 'no account created')
  t.equal(await count('identities'), identities)
  t.equal(await count('refresh_tokens'), sessions, 'no session created')
})

t.test('next outside the site goes to / instead', async (t) => {
  for (const next of [
    'https://evil.test/',
    '//evil.test/x',
    '/\\evil.test',
    'javascript:alert(1)',
    '/%0d%0aSet-Cookie:x',
  ]) {
    const res = await sso(sign({ externalId: 'p-next', email: 'next@product.test' }), next)
    t.equal(res.statusCode, 302)
    const location = String(res.headers.location)
    t.ok(
      location.startsWith('/') && !location.startsWith('//') && !location.includes('\\'),
      `${next} → ${location}`,
    )
    t.notMatch(location, /evil|javascript|\r|\n/)
  }
  const kept = await sso(
    sign({ externalId: 'p-next', email: 'next@product.test' }),
    '/ideas/7?x=1#c',
  )
  t.equal(kept.headers.location, '/ideas/7?x=1#c')
})

t.test('a disabled account is refused', async (t) => {
  const user = await factories.user()
  await db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', user.id).execute()
  const res = await sso(sign({ email: user.email, externalId: 'p-disabled' }))
  t.equal(res.headers.location, '/?signin_error=account_disabled')
  t.notOk(refreshCookie(res))
  const link = await db
    .selectFrom('identities')
    .select('id')
    .where('subject', '=', 'p-disabled')
    .executeTakeFirst()
  t.equal(link, undefined, 'not linked either')
})

t.test('without SSO_SECRET there is no SSO', async (t) => {
  const other = await build(t)
  const res = await other.app.inject({ url: `/sso?token=${sign()}` })
  t.equal(res.headers.location, '/?signin_error=unknown_provider')
})

t.test('secrets in a query string are redacted from logged URLs', async (t) => {
  const { redactUrl } = await import('../../src/app.ts')
  t.equal(redactUrl('/sso?token=eyJ.abc.def&next=/f/xen'), '/sso?token=[redacted]&next=/f/xen')
  t.equal(
    redactUrl('/auth/corp/callback?code=c0de&state=s7&iss=x'),
    '/auth/corp/callback?code=[redacted]&state=[redacted]&iss=x',
  )
  t.equal(redactUrl('/f/xen?sort=top'), '/f/xen?sort=top')
})
