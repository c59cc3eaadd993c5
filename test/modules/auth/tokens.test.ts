import jwt from 'jsonwebtoken'
import t, { type Test } from 'tap'
import { build, TEST_JWT_SECRET } from '../../helper.ts'

const PREVIOUS = 'the-previous-secret-also-at-least-32-bytes'
const { app, factories } = await build(t, { env: { JWT_SECRET_PREVIOUS: PREVIOUS } })
const member = await factories.user()

const me = (token: string) =>
  app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })

async function refused(t: Test, token: string, why: string) {
  const res = await me(token)
  t.equal(res.statusCode, 401, why)
  t.equal(res.json().code, 'UNAUTHENTICATED')
}

const claims = { role: 'member', sv: 1 }
const signed = (secret: string, options: jwt.SignOptions) =>
  jwt.sign(claims, secret, {
    subject: String(member.id),
    issuer: 'tally',
    audience: 'tally-api',
    expiresIn: 60,
    ...options,
  })

t.test('a valid token works', async (t) => {
  t.equal((await me(member.token)).statusCode, 200)
})

t.test('a tampered token is refused', async (t) => {
  const [head, payload, sig] = member.token.split('.') as [string, string, string]
  const forged = Buffer.from(
    JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' }),
  ).toString('base64url')
  await refused(t, `${head}.${forged}.${sig}`, 'payload changed, signature kept')
  await refused(t, `${head}.${payload}.${sig.slice(0, -2)}xx`, 'signature changed')
})

t.test('alg: none is refused', async (t) => {
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')
  const body = Buffer.from(
    JSON.stringify({
      sub: String(member.id),
      role: 'admin',
      iss: 'tally',
      aud: 'tally-api',
      exp: Math.floor(Date.now() / 1000) + 60,
    }),
  ).toString('base64url')
  await refused(t, `${header}.${body}.`, 'unsigned token')
})

t.test('another algorithm with the same secret is refused', async (t) => {
  await refused(t, signed(TEST_JWT_SECRET, { algorithm: 'HS512' }), 'HS512')
})

t.test('an expired token is refused', async (t) => {
  await refused(t, signed(TEST_JWT_SECRET, { expiresIn: -10 }), 'expired')
})

t.test('wrong issuer or audience is refused', async (t) => {
  await refused(t, signed(TEST_JWT_SECRET, { issuer: 'someone-else' }), 'issuer')
  await refused(t, signed(TEST_JWT_SECRET, { audience: 'another-api' }), 'audience')
})

t.test('a token signed with an unknown secret is refused', async (t) => {
  await refused(t, signed('x'.repeat(40), {}), 'unknown secret')
})

t.test('a token signed with JWT_SECRET_PREVIOUS is still accepted', async (t) => {
  t.equal((await me(signed(PREVIOUS, {}))).statusCode, 200)
})

t.test('malformed Authorization headers are refused, even on public routes', async (t) => {
  for (const header of ['Bearer', 'Basic dXNlcjpwYXNz', 'Bearer a b', `bearer  ${member.token}x`]) {
    const res = await app.inject({ url: '/api/v1/forums', headers: { authorization: header } })
    t.equal(res.statusCode, 401, header.slice(0, 20))
  }
})
