// Two tabs of one browser refresh at the same moment with the same token. Rotation with reuse
// detection would see the second as a replay and revoke the login in both; a short grace for the
// token rotated a moment ago (Auth0's and Okta's "reuse interval") keeps them signed in, while a
// replay later than that still revokes the whole login.
import t from 'tap'
import { build } from '../../helper.ts'

let offsetMs = 0
const later = (seconds: number) => (offsetMs += seconds * 1000)
const { app, config } = await build(t, { clock: { now: () => new Date(Date.now() + offsetMs) } })
const GRACE_SECONDS = config.auth.refreshReuseGraceSeconds

const refresh = (refreshToken: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } })
let n = 0
async function signUp(): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email: `tabs${++n}@example.test`, password: 'two-tabs-open', displayName: 'T' },
  })
  return res.json().refreshToken as string
}

t.test('the grace is short', async (t) => {
  t.equal(GRACE_SECONDS, 30)
})

t.test('two refreshes of one token at once both get a working pair', async (t) => {
  const token = await signUp()
  const [a, b] = await Promise.all([refresh(token), refresh(token)])
  t.equal(a.statusCode, 200, 'the first tab')
  t.equal(b.statusCode, 200, 'the second tab')
  const [nextA, nextB] = [a.json().refreshToken as string, b.json().refreshToken as string]
  t.not(nextA, nextB, 'each tab has its own new token')
  t.equal((await refresh(nextA)).statusCode, 200, "the first tab's token works")
  t.equal((await refresh(nextB)).statusCode, 200, "the second tab's token works: not revoked")
})

t.test(
  'within the grace, the token rotated a moment ago yields a pair of the same login',
  async (t) => {
    const token = await signUp()
    const rotated = (await refresh(token)).json().refreshToken as string
    later(20)
    const again = await refresh(token)
    t.equal(again.statusCode, 200, '20 s after its rotation')
    t.equal((await refresh(rotated)).statusCode, 200, 'the successor still works')
    // The grace runs from the token's rotation; presenting it again does not extend it.
    later(15)
    const replay = await refresh(token)
    t.equal(replay.statusCode, 401, '35 s after its rotation it is a replay')
    t.equal(replay.json().code, 'INVALID_REFRESH_TOKEN')
    t.equal(
      (await refresh(again.json().refreshToken as string)).statusCode,
      401,
      'and the login is revoked, the pair given in the grace too',
    )
  },
)

t.test('after the grace, reuse revokes the whole login', async (t) => {
  const token = await signUp()
  const rotated = (await refresh(token)).json().refreshToken as string
  later(GRACE_SECONDS + 1)
  t.equal((await refresh(token)).statusCode, 401, 'the replay is refused')
  t.equal((await refresh(rotated)).statusCode, 401, 'the newest token of that login too')
})
