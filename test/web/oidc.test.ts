// OpenID Connect sign-in against a provider on 127.0.0.1: the whole code flow by HTTP (PKCE,
// state, nonce), then every refusal: a tampered ID token (signature, aud, iss, nonce, expired), a
// replayed or foreign state, and an unverified e-mail trying to take over an existing account.
import t from 'tap'
import { build } from '../helper.ts'
import { jwtRs256, standInProvider } from './oidc-stand-in.ts'

const idp = await standInProvider()
t.teardown(() => idp.close())
const PUBLIC_URL = 'http://tally.test'
const { app, db, factories } = await build(t, {
  env: {
    PUBLIC_URL,
    OIDC_PROVIDERS: JSON.stringify([
      {
        id: 'corp',
        name: 'Corp SSO',
        issuer: idp.issuer,
        clientId: 'tally-client',
        clientSecret: 'tally-client-secret',
        roleClaim: { claim: 'groups', values: { 'tally-devs': 'developer' } },
      },
    ]),
  },
})

/** Start at Tally, "visit" the provider, come back to the callback with the state cookie. */
async function flow(opts: { next?: string; state?: (s: string) => string; cookie?: boolean } = {}) {
  const start = await app.inject({
    url: `/auth/corp/start?next=${encodeURIComponent(opts.next ?? '/f/xen')}`,
  })
  if (start.statusCode !== 302) throw new Error(`start: ${start.statusCode} ${start.body}`)
  const location = String(start.headers.location)
  const auth = idp.authorize(location)
  const stateCookie = start.cookies.find((c) => c.name === 'tally_signin_state')
  const state = opts.state ? opts.state(auth.state) : auth.state
  const callback = await app.inject({
    url: `/auth/corp/callback?code=the-code&state=${encodeURIComponent(state)}`,
    headers:
      opts.cookie === false ? {} : { cookie: `tally_signin_state=${stateCookie?.value ?? ''}` },
  })
  return { start, location, auth, stateCookie, callback }
}
const sessionCookie = (res: { cookies: { name: string; value: string }[] }) =>
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

t.test('the providers list names the configured provider only', async (t) => {
  const res = await app.inject({ url: '/api/v1/auth/providers' })
  t.same(res.json(), { items: [{ id: 'corp', name: 'Corp SSO', kind: 'oidc' }] })
})

t.test('the full code flow: PKCE, state, nonce; a first sign-in creates the account', async (t) => {
  idp.setIdToken((_a, base) => jwtRs256(base, idp.privateKey))
  idp.setUser({
    email: 'grace@corp.test',
    email_verified: true,
    name: 'Grace',
    groups: ['tally-devs'],
  })
  const { location, auth, stateCookie, callback } = await flow({ next: '/ideas/3' })
  const url = new URL(location)
  t.equal(url.origin, idp.issuer)
  t.equal(url.searchParams.get('code_challenge_method'), 'S256')
  t.equal(url.searchParams.get('response_type'), 'code')
  t.equal(auth.redirectUri, `${PUBLIC_URL}/auth/corp/callback`)
  t.ok(auth.nonce.length >= 20 && auth.state.length >= 20)
  t.match(stateCookie, { httpOnly: true, sameSite: 'Lax', path: '/auth/' })
  t.equal(callback.statusCode, 302, callback.body)
  t.equal(callback.headers.location, '/ideas/3')
  const token = idp.tokenRequests.at(-1)
  t.ok(token?.get('code_verifier'), 'the verifier went to the token endpoint')
  const cookie = sessionCookie(callback)
  t.ok(cookie, 'signed in with the session cookie')
  const refreshed = await app.inject({
    method: 'POST',
    url: '/web/session/refresh',
    headers: { 'x-tally-csrf': '1', cookie: `tally_refresh=${cookie?.value}` },
  })
  t.match(refreshed.json().user, {
    email: 'grace@corp.test',
    displayName: 'Grace',
    role: 'developer',
  })
  const access = { authorization: `Bearer ${refreshed.json().accessToken}` }
  const ids = await app.inject({ url: '/api/v1/me/identities', headers: access })
  t.match(ids.json().items, [{ provider: 'corp', subject: 'subject-1', email: 'grace@corp.test' }])
  const sessions = await app.inject({ url: '/api/v1/me/sessions', headers: access })
  t.match(sessions.json().items, [{ method: 'oidc', current: true }])
  const users = await count('users')
  const again = await flow()
  t.equal(again.callback.headers.location, '/f/xen')
  t.equal(await count('users'), users, 'the identity signs the same account in')
})

t.test('a replayed state, a state from another browser, or none: refused', async (t) => {
  idp.setIdToken((_a, base) => jwtRs256(base, idp.privateKey))
  idp.setUser({ email: 'grace@corp.test', email_verified: true })
  const first = await flow()
  t.equal(first.callback.statusCode, 302)
  t.ok(sessionCookie(first.callback))
  const sessions = await count('refresh_tokens')
  const replay = await app.inject({
    url: `/auth/corp/callback?code=the-code&state=${encodeURIComponent(first.auth.state)}`,
    headers: { cookie: `tally_signin_state=${first.stateCookie?.value}` },
  })
  t.equal(replay.headers.location, '/?signin_error=invalid_state', 'replayed')
  t.notOk(sessionCookie(replay))
  const noCookie = await flow({ cookie: false })
  t.equal(noCookie.callback.headers.location, '/?signin_error=invalid_state', 'no state cookie')
  const forged = await flow({ state: () => 'an-attacker-state-value-000000000000' })
  t.equal(forged.callback.headers.location, '/?signin_error=invalid_state', 'state mismatch')
  t.equal(await count('refresh_tokens'), sessions, 'no session created')
})

t.test('tampered ID tokens are refused and nothing is created', async (t) => {
  idp.setUser({ email: 'mallory@corp.test', email_verified: true })
  const now = Math.floor(Date.now() / 1000)
  const cases: [string, (a: { nonce: string }, base: Record<string, unknown>) => string][] = [
    ['signed by another key', (_a, base) => jwtRs256(base, idp.otherKey)],
    [
      'signature altered',
      (_a, base) => {
        const good = jwtRs256(base, idp.privateKey).split('.')
        const body = Buffer.from(JSON.stringify({ ...base, sub: 'someone-else' })).toString(
          'base64url',
        )
        return `${good[0]}.${body}.${good[2]}`
      },
    ],
    [
      'another audience',
      (_a, base) => jwtRs256({ ...base, aud: 'another-client' }, idp.privateKey),
    ],
    [
      'another issuer',
      (_a, base) => jwtRs256({ ...base, iss: 'http://127.0.0.1:1' }, idp.privateKey),
    ],
    ['another nonce', (_a, base) => jwtRs256({ ...base, nonce: 'not-the-nonce' }, idp.privateKey)],
    ['no nonce', (_a, base) => jwtRs256({ ...base, nonce: undefined }, idp.privateKey)],
    [
      'expired',
      (_a, base) => jwtRs256({ ...base, iat: now - 7200, exp: now - 3600 }, idp.privateKey),
    ],
    [
      'alg none',
      (_a, base) =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(base)).toString('base64url')}.`,
    ],
  ]
  const users = await count('users')
  const sessions = await count('refresh_tokens')
  for (const [name, mint] of cases) {
    idp.setIdToken(mint)
    const { callback } = await flow()
    t.equal(callback.statusCode, 302, name)
    t.equal(callback.headers.location, '/?signin_error=invalid_token', name)
    t.notOk(sessionCookie(callback), `${name}: no session cookie`)
  }
  t.equal(await count('users'), users, 'no account created')
  t.equal(await count('refresh_tokens'), sessions, 'no session created')
  const mallory = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'mallory@corp.test')
    .executeTakeFirst()
  t.equal(mallory, undefined)
})

t.test('an unverified e-mail cannot take over an existing account', async (t) => {
  const victim = await factories.user('admin', { email: 'victim@corp.test' })
  idp.setIdToken((_a, base) => jwtRs256({ ...base, sub: 'attacker' }, idp.privateKey))
  for (const verified of [false, 'true', undefined]) {
    idp.setUser({ email: 'Victim@corp.test', email_verified: verified })
    const { callback } = await flow()
    t.equal(
      callback.headers.location,
      '/?signin_error=email_not_verified',
      `email_verified ${verified}`,
    )
    t.notOk(sessionCookie(callback))
  }
  const linked = await db
    .selectFrom('identities')
    .select('id')
    .where('user_id', '=', victim.id)
    .executeTakeFirst()
  t.equal(linked, undefined, 'nothing linked to the victim')
  // Verified by the provider, the same address links the existing account.
  idp.setUser({ email: 'victim@corp.test', email_verified: true })
  const { callback } = await flow()
  t.equal(callback.headers.location, '/f/xen')
  const row = await db
    .selectFrom('identities')
    .select('user_id')
    .where('subject', '=', 'attacker')
    .executeTakeFirstOrThrow()
  t.equal(row.user_id, victim.id)
})

t.test('an unknown provider and a provider error are refused', async (t) => {
  const res = await app.inject({ url: '/auth/nope/start' })
  t.equal(res.headers.location, '/?signin_error=unknown_provider')
  const first = await flow()
  const denied = await app.inject({
    url: `/auth/corp/callback?error=access_denied&state=${encodeURIComponent(first.auth.state)}`,
  })
  t.equal(denied.headers.location, '/?signin_error=invalid_state')
})
