// The whole OpenID Connect code flow against a real provider (the oidc-provider package) on
// 127.0.0.1, driven by HTTP: Tally's start → the provider's login and consent pages → Tally's
// callback → signed in, the account created from the ID token and userinfo.
import t from 'tap'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'
import { build } from '../helper.ts'

const PUBLIC_URL = 'http://tally.test'
const server = createServer()
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'tally',
      client_secret: 'tally-secret-for-the-test-provider',
      redirect_uris: [`${PUBLIC_URL}/auth/real/callback`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  cookies: { keys: ['a-test-cookie-key-for-oidc-provider'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: true } },
  findAccount: async (_ctx, sub) => ({
    accountId: sub,
    claims: async () => ({
      sub,
      email: `${sub}@real.test`,
      email_verified: true,
      name: `User ${sub}`,
    }),
  }),
})
server.on('request', provider.callback())
t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))

const { app, db } = await build(t, {
  env: {
    PUBLIC_URL,
    OIDC_PROVIDERS: JSON.stringify([
      {
        id: 'real',
        name: 'Real OP',
        issuer,
        clientId: 'tally',
        clientSecret: 'tally-secret-for-the-test-provider',
      },
    ]),
  },
})

/** A browser at the provider: follows redirects, keeps cookies, fills the dev login and consent. */
async function throughProvider(start: string, login: string): Promise<string> {
  const jar = new Map<string, string>()
  let url = start
  let init: RequestInit = {}
  for (let step = 0; step < 12; step++) {
    if (url.startsWith(PUBLIC_URL)) return url
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as object),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const [name, ...value] = (pair ?? '').split('=')
      if (name) jar.set(name.trim(), value.join('='))
    }
    init = {}
    const location = res.headers.get('location')
    if (location) {
      url = new URL(location, url).href
      continue
    }
    const html = await res.text()
    const action = /action="([^"]+)"/.exec(html)?.[1]
    if (!action) throw new Error(`no form at ${url}: ${res.status} ${html.slice(0, 200)}`)
    const form = html.includes('name="login"')
      ? new URLSearchParams({ prompt: 'login', login, password: 'any' })
      : new URLSearchParams({ prompt: 'consent' })
    url = new URL(action, url).href
    init = {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }
  }
  throw new Error('the provider did not send the browser back')
}

t.test('a full authorization code flow with a real OpenID provider signs in', async (t) => {
  const start = await app.inject({ url: '/auth/real/start?next=/f/xen' })
  t.equal(start.statusCode, 302)
  const location = String(start.headers.location)
  t.ok(location.startsWith(`${issuer}/`), 'to the provider (found by discovery)')
  const stateCookie = start.cookies.find((c) => c.name === 'tally_signin_state')
  const back = new URL(await throughProvider(location, 'ada'))
  t.equal(back.pathname, '/auth/real/callback')
  t.ok(back.searchParams.get('code'))
  const callback = await app.inject({
    url: `${back.pathname}${back.search}`,
    headers: { cookie: `tally_signin_state=${stateCookie?.value}` },
  })
  t.equal(callback.statusCode, 302)
  t.equal(callback.headers.location, '/f/xen')
  const cookie = callback.cookies.find((c) => c.name === 'tally_refresh')
  t.ok(cookie, 'signed in')
  const refreshed = await app.inject({
    method: 'POST',
    url: '/web/session/refresh',
    headers: { 'x-tally-csrf': '1', cookie: `tally_refresh=${cookie?.value}` },
  })
  t.match(refreshed.json().user, {
    email: 'ada@real.test',
    displayName: 'User ada',
    role: 'member',
  })
  const identity = await db
    .selectFrom('identities')
    .select(['provider', 'subject'])
    .executeTakeFirstOrThrow()
  t.same(identity, { provider: 'real', subject: 'ada' })

  // The provider's code is single use and so is Tally's state: the same callback again is refused.
  const replay = await app.inject({
    url: `${back.pathname}${back.search}`,
    headers: { cookie: `tally_signin_state=${stateCookie?.value}` },
  })
  t.equal(replay.headers.location, '/?signin_error=invalid_state')
})
