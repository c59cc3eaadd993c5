// "Sign in with GitHub": OAuth2 (not OIDC). The address is the account's primary e-mail, and only
// if GitHub has verified it. Endpoints come from the configuration, so tests use a local stand-in.
import type { GithubConfig } from '../../config/sign-in.ts'
import { SignInRefused, type ExternalProfile } from './external.ts'

const TIMEOUT_MS = 10_000

export function githubAuthorizationUrl(
  github: GithubConfig,
  redirectUri: string,
  pending: { state: string; codeChallenge: string },
): string {
  const url = new URL(github.authorizeUrl)
  url.search = new URLSearchParams({
    client_id: github.clientId,
    redirect_uri: redirectUri,
    scope: 'read:user user:email',
    state: pending.state,
    code_challenge: pending.codeChallenge,
    code_challenge_method: 'S256',
    allow_signup: 'true',
  }).toString()
  return url.href
}

interface GithubEmail {
  email?: unknown
  primary?: unknown
  verified?: unknown
}

export async function githubProfile(
  github: GithubConfig,
  code: string,
  redirectUri: string,
  codeVerifier: string,
): Promise<ExternalProfile> {
  const token = await call(github.tokenUrl, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: github.clientId,
      client_secret: github.clientSecret,
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    }).toString(),
  })
  const accessToken = (token as { access_token?: unknown }).access_token
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new SignInRefused('provider_error')
  }
  const auth = {
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${accessToken}`,
      'user-agent': 'tally',
    },
  }
  const user = (await call(`${github.apiUrl}/user`, auth)) as {
    id?: unknown
    name?: unknown
    login?: unknown
  }
  const emails = await call(`${github.apiUrl}/user/emails`, auth)
  if (typeof user.id !== 'number' || !Array.isArray(emails))
    throw new SignInRefused('provider_error')
  const primary = (emails as GithubEmail[]).find((e) => e.primary === true)
  if (!primary || typeof primary.email !== 'string') throw new SignInRefused('email_missing')
  if (primary.verified !== true) throw new SignInRefused('email_not_verified')
  const name = typeof user.name === 'string' && user.name ? user.name : user.login
  return {
    provider: 'github',
    method: 'github',
    subject: String(user.id),
    email: primary.email,
    emailVerified: true,
    name: typeof name === 'string' ? name : undefined,
  }
}

async function call(url: string, init: RequestInit): Promise<unknown> {
  try {
    const res = await fetch(url, {
      ...init,
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    if (!res.ok) throw new SignInRefused('provider_error')
    return await res.json()
  } catch (err) {
    if (err instanceof SignInRefused) throw err
    throw new SignInRefused('provider_error')
  }
}
