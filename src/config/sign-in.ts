// Sign-in providers from the environment (API.md "Sign-in providers, tokens, sessions"):
// OIDC_PROVIDERS (a JSON array), GitHub's client, the SSO secret and PUBLIC_URL, the base of every
// redirect URI. Parsers throw plain errors; config.ts turns them into ConfigErrors.
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

const ProviderId = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' })
const OidcProviderSchema = Type.Object(
  {
    id: ProviderId,
    name: Type.String({ minLength: 1, maxLength: 80 }),
    issuer: Type.String({ pattern: '^https?://' }),
    clientId: Type.String({ minLength: 1 }),
    clientSecret: Type.String({ minLength: 1 }),
    allowedDomains: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    roleClaim: Type.Optional(
      Type.Object({
        claim: Type.String({ minLength: 1 }),
        values: Type.Record(
          Type.String(),
          Type.Union([Type.Literal('developer'), Type.Literal('coordinator')]),
        ),
      }),
    ),
  },
  { additionalProperties: false },
)
export type OidcProviderConfig = Static<typeof OidcProviderSchema>

export interface GithubConfig {
  readonly clientId: string
  readonly clientSecret: string
  readonly authorizeUrl: string
  readonly tokenUrl: string
  readonly apiUrl: string
}

export interface SignInConfig {
  /** Base URL of this site as browsers reach it; redirect URIs are `<publicUrl>/auth/<id>/callback`. */
  readonly publicUrl?: string
  readonly oidc: readonly OidcProviderConfig[]
  readonly github?: GithubConfig
  /** Enables /sso: the HS256 key an embedding product signs its sign-in tokens with. */
  readonly ssoSecret?: string
}

/** Names the built-in providers use; an OIDC provider may not take them. */
const RESERVED = new Set(['github', 'sso'])

export function parseOidcProviders(json: string | undefined): OidcProviderConfig[] {
  if (json === undefined) return []
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new Error('OIDC_PROVIDERS is not valid JSON')
  }
  if (!Value.Check(Type.Array(OidcProviderSchema), value)) {
    throw new Error('OIDC_PROVIDERS must be an array of {id, name, issuer, clientId, clientSecret}')
  }
  const ids = new Set<string>()
  for (const p of value) {
    if (RESERVED.has(p.id) || ids.has(p.id)) {
      throw new Error(`OIDC_PROVIDERS: the id "${p.id}" is reserved or repeated`)
    }
    ids.add(p.id)
  }
  return value
}

export function signInConfig(
  env: {
    PUBLIC_URL?: string
    OIDC_PROVIDERS?: string
    GITHUB_CLIENT_ID?: string
    GITHUB_CLIENT_SECRET?: string
    GITHUB_AUTHORIZE_URL: string
    GITHUB_TOKEN_URL: string
    GITHUB_API_URL: string
    SSO_SECRET?: string
  },
  minSecretBytes: number,
): SignInConfig {
  const oidc = parseOidcProviders(env.OIDC_PROVIDERS)
  if ((env.GITHUB_CLIENT_ID === undefined) !== (env.GITHUB_CLIENT_SECRET === undefined)) {
    throw new Error('set both GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET, or neither')
  }
  const github =
    env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET
      ? {
          clientId: env.GITHUB_CLIENT_ID,
          clientSecret: env.GITHUB_CLIENT_SECRET,
          authorizeUrl: env.GITHUB_AUTHORIZE_URL,
          tokenUrl: env.GITHUB_TOKEN_URL,
          apiUrl: env.GITHUB_API_URL.replace(/\/+$/, ''),
        }
      : undefined
  if ((oidc.length > 0 || github) && env.PUBLIC_URL === undefined) {
    throw new Error('PUBLIC_URL is required when a sign-in provider is configured')
  }
  if (env.SSO_SECRET !== undefined && Buffer.byteLength(env.SSO_SECRET) < minSecretBytes) {
    throw new Error(`SSO_SECRET must be at least ${minSecretBytes} bytes`)
  }
  return {
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    oidc,
    github,
    ssoSecret: env.SSO_SECRET,
  }
}
