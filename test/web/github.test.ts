// "Sign in with GitHub" against a local stand-in for GitHub's OAuth and API endpoints: the primary
// verified e-mail signs in; an unverified primary, no primary, a failed exchange are refused.
import t from 'tap'
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { build } from '../helper.ts'

let emails: object[] = []
let challenge = ''
const seen: { verifierOk?: boolean; secret?: string } = {}
const gh = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  if (url.pathname === '/login/oauth/access_token') {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const form = new URLSearchParams(body)
      seen.secret = form.get('client_secret') ?? ''
      const verifier = form.get('code_verifier') ?? ''
      seen.verifierOk = createHash('sha256').update(verifier).digest('base64url') === challenge
      if (form.get('code') !== 'gh-code' || !seen.verifierOk) return send(200, { error: 'bad' })
      send(200, { access_token: 'gho_x', token_type: 'bearer' })
    })
    return
  }
  if (req.headers.authorization !== 'Bearer gho_x') return send(401, {})
  if (url.pathname === '/user') return send(200, { id: 4242, login: 'octo', name: 'Octo Cat' })
  if (url.pathname === '/user/emails') return send(200, emails)
  send(404, {})
})
await new Promise<void>((resolve) => gh.listen(0, '127.0.0.1', resolve))
t.teardown(() => new Promise<void>((resolve) => gh.close(() => resolve())))
const base = `http://127.0.0.1:${(gh.address() as AddressInfo).port}`

const { app, db, factories } = await build(t, {
  env: {
    PUBLIC_URL: 'http://tally.test',
    GITHUB_CLIENT_ID: 'gh-client',
    GITHUB_CLIENT_SECRET: 'gh-secret',
    GITHUB_AUTHORIZE_URL: `${base}/login/oauth/authorize`,
    GITHUB_TOKEN_URL: `${base}/login/oauth/access_token`,
    GITHUB_API_URL: base,
  },
})

async function flow(code = 'gh-code') {
  const start = await app.inject({ url: '/auth/github/start?next=/f/xen' })
  const location = new URL(String(start.headers.location))
  challenge = location.searchParams.get('code_challenge') ?? ''
  const state = location.searchParams.get('state') ?? ''
  const cookie = start.cookies.find((c) => c.name === 'tally_signin_state')
  const callback = await app.inject({
    url: `/auth/github/callback?code=${code}&state=${encodeURIComponent(state)}`,
    headers: { cookie: `tally_signin_state=${cookie?.value}` },
  })
  return { location, callback }
}
const signedIn = (res: { cookies: { name: string }[] }) =>
  res.cookies.some((c) => c.name === 'tally_refresh')

t.test('GitHub is listed, and the primary verified e-mail signs in', async (t) => {
  const list = await app.inject({ url: '/api/v1/auth/providers' })
  t.same(list.json().items, [{ id: 'github', name: 'GitHub', kind: 'github' }])
  emails = [
    { email: 'old@octo.test', primary: false, verified: true },
    { email: 'octo@octo.test', primary: true, verified: true },
  ]
  const { location, callback } = await flow()
  t.equal(location.origin + location.pathname, `${base}/login/oauth/authorize`)
  t.equal(location.searchParams.get('client_id'), 'gh-client')
  t.equal(location.searchParams.get('redirect_uri'), 'http://tally.test/auth/github/callback')
  t.equal(callback.headers.location, '/f/xen')
  t.ok(signedIn(callback))
  t.ok(seen.verifierOk, 'PKCE verifier sent')
  t.equal(seen.secret, 'gh-secret', 'the secret goes to GitHub only')
  t.notMatch(location.href, /gh-secret/)
  const user = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('email', '=', 'octo@octo.test')
    .executeTakeFirstOrThrow()
  t.equal(user.display_name, 'Octo Cat')
  const id = await db
    .selectFrom('identities')
    .select(['provider', 'subject'])
    .where('user_id', '=', user.id)
    .executeTakeFirstOrThrow()
  t.same(id, { provider: 'github', subject: '4242' })
})

t.test('an unverified primary, or none, is refused; nothing linked', async (t) => {
  await db.deleteFrom('identities').where('provider', '=', 'github').execute()
  const victim = await factories.user('admin', { email: 'boss@octo.test' })
  emails = [
    { email: 'boss@octo.test', primary: true, verified: false },
    { email: 'mine@octo.test', primary: false, verified: true },
  ]
  const unverified = await flow()
  t.equal(unverified.callback.headers.location, '/?signin_error=email_not_verified')
  t.notOk(signedIn(unverified.callback))
  emails = [{ email: 'mine@octo.test', primary: false, verified: true }]
  const none = await flow()
  t.equal(none.callback.headers.location, '/?signin_error=email_missing')
  const bad = await flow('wrong-code')
  t.equal(bad.callback.headers.location, '/?signin_error=provider_error')
  const linked = await db
    .selectFrom('identities')
    .select('id')
    .where('user_id', '=', victim.id)
    .executeTakeFirst()
  t.equal(linked, undefined)
})
