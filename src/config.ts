// The only reader of process.env: turns the environment into a typed, frozen config.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { resolve, join } from 'node:path'
import { envSchema } from 'env-schema'
import { Type, type Static } from 'typebox'
import { parseRateWindows, type ContentLimits } from './config/content-limits.ts'
import { parseTrustProxy, type TrustProxy } from './config/trust-proxy.ts'
import { signInConfig, type SignInConfig } from './config/sign-in.ts'

const EnvSchema = Type.Object({
  NODE_ENV: Type.Union(
    [Type.Literal('development'), Type.Literal('production'), Type.Literal('test')],
    { default: 'development' },
  ),
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_POOL_SIZE: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100 }),
  DATA_DIR: Type.String({ default: './data', minLength: 1 }),
  JWT_SECRET: Type.Optional(Type.String()),
  JWT_SECRET_PREVIOUS: Type.Optional(Type.String()),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  ADMIN_EMAIL: Type.Optional(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 10, maxLength: 256 })),
  TRUST_PROXY: Type.String({ default: 'false' }),
  AUTH_RATE_LIMIT: Type.Integer({ default: 10, minimum: 1 }),
  // Per account: `<count>/<min|hour|day>[,…]` or `off` (config/content-limits.ts).
  IDEA_RATE_LIMIT: Type.String({ default: '5/min,50/day' }),
  COMMENT_RATE_LIMIT: Type.String({ default: '10/min,200/day' }),
  VOTE_RATE_LIMIT: Type.String({ default: '60/min,1000/day' }),
  EDIT_RATE_LIMIT: Type.String({ default: '20/min,300/day' }),
  CORS_ORIGINS: Type.String({ default: '' }),
  REQUEST_TIMEOUT_MS: Type.Integer({ default: 15000, minimum: 1000 }),
  REQUEST_DEADLINE_MS: Type.Integer({ default: 10000, minimum: 100 }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/?#]+/?$' })),
  OIDC_PROVIDERS: Type.Optional(Type.String()),
  GITHUB_CLIENT_ID: Type.Optional(Type.String()),
  GITHUB_CLIENT_SECRET: Type.Optional(Type.String()),
  GITHUB_AUTHORIZE_URL: Type.String({
    default: 'https://github.com/login/oauth/authorize',
    pattern: '^https?://',
  }),
  GITHUB_TOKEN_URL: Type.String({
    default: 'https://github.com/login/oauth/access_token',
    pattern: '^https?://',
  }),
  GITHUB_API_URL: Type.String({ default: 'https://api.github.com', pattern: '^https?://' }),
  SSO_SECRET: Type.Optional(Type.String()),
})
type Env = Static<typeof EnvSchema>

export interface AppConfig {
  readonly env: 'development' | 'production' | 'test'
  readonly host: string
  readonly port: number
  readonly logLevel: string
  /** Fastify's trustProxy: false, a hop count, or a list of addresses/CIDRs (never `true`). */
  readonly trustProxy: TrustProxy
  readonly requestTimeoutMs: number
  /** Longest a request may take to be answered once it has arrived (then 503 UNAVAILABLE). */
  readonly requestDeadlineMs: number
  readonly corsOrigins: readonly string[]
  readonly database: {
    /** Server PostgreSQL when set; embedded PGlite under dataDir otherwise. */
    readonly url?: string
    readonly dataDir: string
    readonly poolSize: number
    readonly statementTimeoutMs: number
  }
  readonly auth: {
    readonly jwtSecret: string
    /** Still accepted when verifying, so the secret can be rotated without logging everyone out. */
    readonly jwtPreviousSecret?: string
    readonly accessTokenTtlSeconds: number
    readonly refreshTokenTtlDays: number
    /** How long a just-rotated refresh token still yields a pair instead of revoking its login. */
    readonly refreshReuseGraceSeconds: number
    readonly rateLimitPerMinute: number
  }
  readonly admin?: { readonly email: string; readonly password: string }
  /** Per-user limits on new ideas, comments, votes and edits (plugins/content-limits.ts). */
  readonly contentLimits: ContentLimits
  readonly signIn: SignInConfig
}

export class ConfigError extends Error {}

const MIN_SECRET_BYTES = 32

export function loadConfig(
  source: Record<string, string | undefined> = process.env,
  warn: (msg: string) => void = (msg) => console.warn(msg),
): AppConfig {
  // An empty variable means "not set" (compose passes `VAR: ${VAR}` through as an empty string).
  const data = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ''),
  )
  let env: Env
  try {
    env = envSchema<Env>({ schema: EnvSchema, data, dotenv: false })
  } catch (err) {
    throw new ConfigError(`Invalid configuration: ${(err as Error).message}`)
  }
  if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      'Invalid configuration: set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither',
    )
  }
  const dataDir = resolve(env.DATA_DIR)
  const config: AppConfig = {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    trustProxy: parsed(parseTrustProxy, env.TRUST_PROXY),
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    requestDeadlineMs: env.REQUEST_DEADLINE_MS,
    corsOrigins: env.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    database: {
      url: env.DATABASE_URL,
      dataDir,
      poolSize: env.DATABASE_POOL_SIZE,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    auth: {
      jwtSecret: resolveJwtSecret(env, dataDir, warn),
      jwtPreviousSecret: checkedPreviousSecret(env.JWT_SECRET_PREVIOUS),
      accessTokenTtlSeconds: 15 * 60,
      refreshTokenTtlDays: 30,
      // Two tabs refreshing at once present the same token; Auth0 and Okta allow a similar interval.
      refreshReuseGraceSeconds: 30,
      rateLimitPerMinute: env.AUTH_RATE_LIMIT,
    },
    contentLimits: contentLimitsOf(env),
    signIn: parsedSignIn(env),
    admin:
      env.ADMIN_EMAIL && env.ADMIN_PASSWORD
        ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }
        : undefined,
  }
  return deepFreeze(config)
}

function parsedSignIn(env: Env): SignInConfig {
  try {
    return signInConfig(env, MIN_SECRET_BYTES)
  } catch (err) {
    throw new ConfigError(`Invalid configuration: ${(err as Error).message}`)
  }
}

function contentLimitsOf(env: Env): ContentLimits {
  type Variable = 'IDEA_RATE_LIMIT' | 'COMMENT_RATE_LIMIT' | 'VOTE_RATE_LIMIT' | 'EDIT_RATE_LIMIT'
  const windows = (name: Variable) => parsed((value) => parseRateWindows(name, value), env[name])
  return {
    ideas: windows('IDEA_RATE_LIMIT'),
    comments: windows('COMMENT_RATE_LIMIT'),
    votes: windows('VOTE_RATE_LIMIT'),
    edits: windows('EDIT_RATE_LIMIT'),
  }
}

// The value parsers throw plain errors; here they become configuration errors.
function parsed<T>(parse: (value: string) => T, value: string): T {
  try {
    return parse(value)
  } catch (err) {
    throw new ConfigError(`Invalid configuration: ${(err as Error).message}`)
  }
}

// In production the secret must come from the environment; elsewhere one is generated once and
// kept beside the data, so tokens survive restarts without any set-up.
function resolveJwtSecret(env: Env, dataDir: string, warn: (msg: string) => void): string {
  if (env.JWT_SECRET !== undefined) {
    if (Buffer.byteLength(env.JWT_SECRET) < MIN_SECRET_BYTES) {
      throw new ConfigError(
        `Invalid configuration: JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`,
      )
    }
    return env.JWT_SECRET
  }
  if (env.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration: JWT_SECRET is required when NODE_ENV=production')
  }
  const file = join(dataDir, 'jwt-secret')
  if (existsSync(file)) return readSecretFile(file)
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(48).toString('base64url')
  writeFileSync(file, secret + '\n', { mode: 0o600 })
  warn(
    `JWT_SECRET is not set: generated one and stored it in ${file}. Set JWT_SECRET in production.`,
  )
  return secret
}

// A key that short can be guessed offline from any one token, and whoever guesses it can sign
// admin tokens: an empty or truncated file (a failed write, a hand edit) must stop the start-up,
// not quietly become the key.
function readSecretFile(file: string): string {
  let secret: string
  try {
    secret = readFileSync(file, 'utf8').trim()
  } catch (err) {
    throw new ConfigError(`Invalid configuration: cannot read ${file}: ${(err as Error).message}`)
  }
  const bytes = Buffer.byteLength(secret)
  if (bytes >= MIN_SECRET_BYTES) return secret
  const what = bytes === 0 ? 'is empty' : `holds ${bytes} bytes`
  throw new ConfigError(
    `Invalid configuration: ${file} ${what}; a JWT secret needs at least ${MIN_SECRET_BYTES}. ` +
      'Set JWT_SECRET, or delete the file to have a new secret generated (this signs everyone out)',
  )
}

// The previous secret still verifies tokens, so it must be as strong as the current one.
function checkedPreviousSecret(secret: string | undefined): string | undefined {
  if (secret !== undefined && Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `Invalid configuration: JWT_SECRET_PREVIOUS must be at least ${MIN_SECRET_BYTES} bytes`,
    )
  }
  return secret
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}
