// OpenID Connect with openid-client 6: discovery, authorization code with PKCE (S256), state and
// nonce; the library validates the ID token (iss, aud, exp, nonce, and — with non-repudiation
// checks on — its signature by the provider's published keys) before any claim is read here.
import * as client from 'openid-client'
import type { OidcProviderConfig } from '../../config/sign-in.ts'
import type { Role } from '../../core/domain.ts'
import { ROLE_RANK } from '../../core/roles.ts'
import { SignInRefused, inAllowedDomains, type ExternalProfile } from './external.ts'

const TIMEOUT_S = 10
const discovered = new Map<string, Promise<client.Configuration>>()

// Plain http is allowed for a provider on this machine only (development and tests).
const isLoopback = (issuer: URL) =>
  issuer.hostname === '127.0.0.1' || issuer.hostname === 'localhost' || issuer.hostname === '[::1]'

function configuration(provider: OidcProviderConfig): Promise<client.Configuration> {
  const key = `${provider.id} ${provider.issuer} ${provider.clientId}`
  let config = discovered.get(key)
  if (!config) {
    const issuer = new URL(provider.issuer)
    const insecure = issuer.protocol === 'http:' && isLoopback(issuer)
    config = client
      .discovery(issuer, provider.clientId, provider.clientSecret, undefined, {
        timeout: TIMEOUT_S,
        execute: insecure ? [client.allowInsecureRequests] : [],
      })
      .then((c) => {
        // openid-client trusts an ID token from the token endpoint on the strength of TLS alone
        // (OIDC Core 3.1.3.7 allows it) and skips its signature. Tally checks the signature by the
        // provider's published keys as well: a proxy or a misrouted token endpoint cannot forge one.
        client.enableNonRepudiationChecks(c)
        return c
      })
    // A failed discovery is tried again on the next sign-in, not remembered.
    config.catch(() => discovered.delete(key))
    discovered.set(key, config)
  }
  return config
}

export async function oidcAuthorizationUrl(
  provider: OidcProviderConfig,
  redirectUri: string,
  pending: { state: string; nonce: string; codeVerifier: string },
): Promise<string> {
  const config = await configuration(provider)
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
  })
  return url.href
}

export async function oidcProfile(
  provider: OidcProviderConfig,
  callbackUrl: URL,
  pending: { state: string; nonce: string; codeVerifier: string },
): Promise<ExternalProfile> {
  let claims: Record<string, unknown>
  try {
    const config = await configuration(provider)
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    })
    const idClaims = tokens.claims()
    if (!idClaims) throw new SignInRefused('invalid_token')
    claims = { ...idClaims }
    if (claims.email === undefined) {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)
      claims = { ...info, ...idClaims }
    }
  } catch (err) {
    if (err instanceof SignInRefused) throw err
    throw new SignInRefused('invalid_token')
  }
  const email = typeof claims.email === 'string' ? claims.email : undefined
  const emailVerified = claims.email_verified === true
  if (provider.allowedDomains?.length) {
    if (!email || !emailVerified) throw new SignInRefused('email_not_verified')
    if (!inAllowedDomains(email, provider.allowedDomains)) {
      throw new SignInRefused('domain_not_allowed')
    }
  }
  return {
    provider: provider.id,
    method: 'oidc',
    subject: String(claims.sub),
    email,
    emailVerified,
    name: typeof claims.name === 'string' ? claims.name : undefined,
    role: mappedRole(provider, claims),
  }
}

/** The highest role the configured claim's values map to (a string or a list of strings). */
function mappedRole(
  provider: OidcProviderConfig,
  claims: Record<string, unknown>,
): Role | undefined {
  if (!provider.roleClaim) return undefined
  const raw = claims[provider.roleClaim.claim]
  const values = Array.isArray(raw) ? raw : [raw]
  let role: Role | undefined
  for (const value of values) {
    if (typeof value !== 'string') continue
    const mapped = provider.roleClaim.values[value]
    if (mapped && (!role || ROLE_RANK[mapped] > ROLE_RANK[role])) role = mapped
  }
  return role
}
