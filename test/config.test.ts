import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.ts'

const quiet = () => {}
const SECRET = 's'.repeat(32)

t.test('defaults serve the embedded engine on 127.0.0.1:3000', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tally-config-'))
  const config = loadConfig({ DATA_DIR: dir, JWT_SECRET: SECRET }, quiet)
  t.match(config, {
    env: 'development',
    host: '127.0.0.1',
    port: 3000,
    logLevel: 'info',
    trustProxy: false,
    database: { url: undefined, dataDir: dir },
    auth: { rateLimitPerMinute: 10, accessTokenTtlSeconds: 900, refreshTokenTtlDays: 30 },
  })
  t.ok(Object.isFrozen(config) && Object.isFrozen(config.auth), 'config is frozen')
})

t.test('bad values are refused with a message naming the variable', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ AUTH_RATE_LIMIT: '0' }, /AUTH_RATE_LIMIT/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ ADMIN_EMAIL: 'a@b.c' }, /ADMIN_EMAIL and ADMIN_PASSWORD/],
    [{ ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD/],
  ]
  for (const [env, message] of cases) {
    let error: unknown
    try {
      loadConfig({ JWT_SECRET: SECRET, ...env }, quiet)
    } catch (err) {
      error = err
    }
    t.ok(error instanceof ConfigError, `${JSON.stringify(env)} is refused`)
    t.match((error as Error).message, message)
  }
})

t.test('production needs a JWT_SECRET of at least 32 bytes', async (t) => {
  t.throws(() => loadConfig({ NODE_ENV: 'production' }, quiet), /JWT_SECRET is required/)
  t.throws(
    () => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' }, quiet),
    /at least 32 bytes/,
  )
  t.equal(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }, quiet).auth.jwtSecret, SECRET)
})

t.test(
  'outside production a secret is generated once, kept in DATA_DIR, with a warning',
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-config-'))
    const warnings: string[] = []
    const first = loadConfig({ DATA_DIR: dir }, (m) => warnings.push(m))
    t.ok(first.auth.jwtSecret.length >= 43)
    t.equal(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim(), first.auth.jwtSecret)
    t.equal(warnings.length, 1)
    t.match(warnings[0], /JWT_SECRET is not set/)
    const second = loadConfig({ DATA_DIR: dir }, (m) => warnings.push(m))
    t.equal(second.auth.jwtSecret, first.auth.jwtSecret, 'the same secret after a restart')
    t.equal(warnings.length, 1, 'no second warning')
  },
)

t.test('TRUST_PROXY takes false, a hop count or addresses/CIDRs', async (t) => {
  const load = (v: string) => loadConfig({ JWT_SECRET: SECRET, TRUST_PROXY: v }, quiet).trustProxy
  t.equal(load('false'), false)
  t.equal(load('0'), false)
  const hops = load('2') as (address: string, hop: number) => boolean
  t.same([hops('x', 0), hops('x', 1), hops('x', 2)], [true, true, false], 'the nearest 2 hops')
  t.equal(load('10.0.0.0/8, 127.0.0.1'), '10.0.0.0/8,127.0.0.1')
  t.equal(load('loopback,fd00::/8,10.0.0.0/255.0.0.0'), 'loopback,fd00::/8,10.0.0.0/255.0.0.0')
})

t.test('TRUST_PROXY=true is refused: any client could choose its IP', async (t) => {
  const error = rejection(() => loadConfig({ JWT_SECRET: SECRET, TRUST_PROXY: 'true' }, quiet))
  t.ok(error instanceof ConfigError, 'refused')
  t.match(messageOf(error), /TRUST_PROXY=true .*X-Forwarded-For/)
  t.match(messageOf(error), /TRUST_PROXY=1/, 'and says what to set instead')
})

t.test('TRUST_PROXY entries that are not addresses are refused', async (t) => {
  for (const value of ['yes', '10.0.0.1,proxy.local', '10.0.0.0/33', '::1/129', '10.0.0.0/x']) {
    const error = rejection(() => loadConfig({ JWT_SECRET: SECRET, TRUST_PROXY: value }, quiet))
    t.ok(error instanceof ConfigError, `${value} is refused`)
    t.match(messageOf(error), /TRUST_PROXY/)
  }
})

t.test('CORS_ORIGINS is a comma-separated list', async (t) => {
  const config = loadConfig(
    { JWT_SECRET: SECRET, CORS_ORIGINS: 'https://a.test, https://b.test' },
    quiet,
  )
  t.same(config.corsOrigins, ['https://a.test', 'https://b.test'])
})

t.test('a short or empty DATA_DIR/jwt-secret is refused, naming the file', async (t) => {
  for (const [content, message] of [
    ['abc\n', /jwt-secret holds 3 bytes; a JWT secret needs at least 32/],
    ['', /jwt-secret is empty/],
    ['   \n', /jwt-secret is empty/],
  ] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'tally-config-'))
    writeFileSync(join(dir, 'jwt-secret'), content)
    const error = rejection(() => loadConfig({ DATA_DIR: dir }, quiet))
    t.ok(error instanceof ConfigError, `${JSON.stringify(content)} is refused`)
    t.match(messageOf(error), message)
    t.match(messageOf(error), dir, 'the message names the file')
  }
})

t.test('an unreadable DATA_DIR/jwt-secret is refused, naming the file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tally-config-'))
  mkdirSync(join(dir, 'jwt-secret'))
  const error = rejection(() => loadConfig({ DATA_DIR: dir }, quiet))
  t.ok(error instanceof ConfigError)
  t.match(messageOf(error), /cannot read .*jwt-secret: EISDIR/)
})

t.test('a short JWT_SECRET_PREVIOUS is refused', async (t) => {
  const error = rejection(() =>
    loadConfig({ JWT_SECRET: SECRET, JWT_SECRET_PREVIOUS: 'old' }, quiet),
  )
  t.ok(error instanceof ConfigError)
  t.match(messageOf(error), /JWT_SECRET_PREVIOUS must be at least 32 bytes/)
  const previous = 'p'.repeat(32)
  t.equal(
    loadConfig({ JWT_SECRET: SECRET, JWT_SECRET_PREVIOUS: previous }, quiet).auth.jwtPreviousSecret,
    previous,
  )
})

const messageOf = (error: unknown) => (error instanceof Error ? error.message : 'accepted')

function rejection(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  return undefined
}

t.test('content limits: defaults, counts per window, off', async (t) => {
  const load = (env: Record<string, string> = {}) =>
    loadConfig({ JWT_SECRET: SECRET, ...env }, quiet).contentLimits
  const perWindow = (windows: readonly { max: number; per: string }[]) =>
    windows.map((w) => `${w.max}/${w.per}`).join(',')
  const defaults = load()
  t.same(Object.fromEntries(Object.entries(defaults).map(([kind, w]) => [kind, perWindow(w)])), {
    ideas: '5/min,50/day',
    comments: '10/min,200/day',
    votes: '60/min,1000/day',
    edits: '20/min,300/day',
  })
  const set = load({ VOTE_RATE_LIMIT: ' 500/day , 30/min,100/hour', EDIT_RATE_LIMIT: 'off' })
  t.equal(perWindow(set.votes), '30/min,100/hour,500/day', 'shortest window first')
  t.same(set.votes[0], { max: 30, per: 'min', windowMs: 60_000 })
  t.same(set.edits, [], 'off: no limit')
})

t.test('content limits that do not parse are refused, naming the variable', async (t) => {
  for (const [name, value] of [
    ['IDEA_RATE_LIMIT', '5'],
    ['COMMENT_RATE_LIMIT', '0/min'],
    ['VOTE_RATE_LIMIT', '10/week'],
    ['EDIT_RATE_LIMIT', '5/min,6/min'],
    ['IDEA_RATE_LIMIT', '5/min,'],
  ] as const) {
    const error = rejection(() => loadConfig({ JWT_SECRET: SECRET, [name]: value }, quiet))
    t.ok(error instanceof ConfigError, `${name}=${value} is refused`)
    t.match(messageOf(error), new RegExp(`^Invalid configuration: ${name}`))
  }
})

t.test('sign-in providers: SSO_SECRET strength, OIDC_PROVIDERS shape, PUBLIC_URL', async (t) => {
  const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), DATA_DIR: '/nonexistent' }
  const provider = {
    id: 'corp',
    name: 'Corp',
    issuer: 'https://id.corp.test',
    clientId: 'c',
    clientSecret: 's',
  }
  t.throws(() => loadConfig({ ...base, SSO_SECRET: 'short' }), /SSO_SECRET must be at least 32/)
  t.equal(loadConfig({ ...base, SSO_SECRET: 's'.repeat(32) }).signIn.ssoSecret, 's'.repeat(32))
  t.throws(
    () => loadConfig({ ...base, OIDC_PROVIDERS: '{nope', PUBLIC_URL: 'https://t.test' }),
    /not valid JSON/,
  )
  t.throws(
    () =>
      loadConfig({
        ...base,
        OIDC_PROVIDERS: JSON.stringify([{ id: 'x' }]),
        PUBLIC_URL: 'https://t.test',
      }),
    /OIDC_PROVIDERS must be/,
  )
  t.throws(
    () =>
      loadConfig({
        ...base,
        OIDC_PROVIDERS: JSON.stringify([{ ...provider, id: 'github' }]),
        PUBLIC_URL: 'https://t.test',
      }),
    /reserved or repeated/,
  )
  t.throws(
    () => loadConfig({ ...base, OIDC_PROVIDERS: JSON.stringify([provider]) }),
    /PUBLIC_URL is required/,
  )
  t.throws(
    () => loadConfig({ ...base, GITHUB_CLIENT_ID: 'only-one' }),
    /GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET/,
  )
  const ok = loadConfig({
    ...base,
    OIDC_PROVIDERS: JSON.stringify([provider]),
    PUBLIC_URL: 'https://t.test/',
  })
  t.equal(ok.signIn.publicUrl, 'https://t.test')
  t.equal(ok.signIn.oidc[0]?.id, 'corp')
})
