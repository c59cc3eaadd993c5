// The sign-in providers a deployment configured, and the two legs of a redirect sign-in: start
// (a state, nonce and PKCE verifier kept server-side, single use, for ten minutes) and finish
// (the state must match the browser's cookie and is spent before anything else happens).
import { randomBytes } from 'node:crypto'
import * as client from 'openid-client'
import type { ServiceContext } from '../../core/context.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import { SignInRefused, signInExternal } from './external.ts'
import { githubAuthorizationUrl, githubProfile } from './github.ts'
import { oidcAuthorizationUrl, oidcProfile } from './oidc.ts'
import { hashRefreshToken } from './tokens.ts'

const PENDING_TTL_MS = 10 * 60_000

export function listProviders(ctx: ServiceContext) {
  const { oidc, github } = ctx.config.signIn
  const items: { id: string; name: string; kind: 'oidc' | 'github' }[] = oidc.map((p) => ({
    id: p.id,
    name: p.name,
    kind: 'oidc',
  }))
  if (github) items.push({ id: 'github', name: 'GitHub', kind: 'github' })
  return { items }
}

function providerOf(ctx: ServiceContext, id: string) {
  const { oidc, github } = ctx.config.signIn
  if (id === 'github' && github) return { kind: 'github' as const, github }
  const provider = oidc.find((p) => p.id === id)
  if (provider) return { kind: 'oidc' as const, provider }
  throw new SignInRefused('unknown_provider')
}

const redirectUri = (ctx: ServiceContext, id: string) =>
  `${ctx.config.signIn.publicUrl ?? ''}/auth/${encodeURIComponent(id)}/callback`

/** Where to send the browser, and the state its cookie must carry back. */
export async function startSignIn(ctx: ServiceContext, id: string, next: string) {
  const target = providerOf(ctx, id)
  const pending = {
    state: randomBytes(32).toString('base64url'),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
  }
  const url =
    target.kind === 'github'
      ? githubAuthorizationUrl(target.github, redirectUri(ctx, id), {
          state: pending.state,
          codeChallenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
        })
      : await oidcAuthorizationUrl(target.provider, redirectUri(ctx, id), pending).catch(() => {
          throw new SignInRefused('provider_error')
        })
  await unitOfWork(
    ctx,
    async ({ tx, now }) => {
      await tx.deleteFrom('sign_in_states').where('expires_at', '<', now).execute()
      await tx
        .insertInto('sign_in_states')
        .values({
          state_hash: hashRefreshToken(pending.state),
          provider: id,
          nonce: pending.nonce,
          code_verifier: pending.codeVerifier,
          next_path: next,
          expires_at: new Date(now.getTime() + PENDING_TTL_MS),
        })
        .execute()
    },
    { label: 'startSignIn' },
  )
  return { url, state: pending.state }
}

/**
 * The provider sent the browser back. `query` is the callback's raw query string; `cookieState`
 * the state this browser started with. Returns the new session and where to go.
 */
export async function finishSignIn(
  ctx: ServiceContext,
  id: string,
  query: string,
  cookieState: string | undefined,
  userAgent: string | undefined,
) {
  const target = providerOf(ctx, id)
  const params = new URLSearchParams(query)
  const state = params.get('state')
  // Bound to the browser that started: a callback link sent to someone else signs nobody in.
  if (!state || !cookieState || state !== cookieState) throw new SignInRefused('invalid_state')
  const pending = await unitOfWork(
    ctx,
    ({ tx, now }) =>
      tx
        .deleteFrom('sign_in_states')
        .where('state_hash', '=', hashRefreshToken(state))
        .where('provider', '=', id)
        .where('expires_at', '>', now)
        .returning(['nonce', 'code_verifier', 'next_path'])
        .executeTakeFirst(),
    { label: 'spendSignInState' },
  )
  if (!pending) throw new SignInRefused('invalid_state')
  if (params.get('error')) throw new SignInRefused('provider_error')
  const checks = { state, nonce: pending.nonce, codeVerifier: pending.code_verifier }
  const profile =
    target.kind === 'github'
      ? await githubProfile(
          target.github,
          params.get('code') ?? '',
          redirectUri(ctx, id),
          pending.code_verifier,
        )
      : await oidcProfile(target.provider, new URL(`${redirectUri(ctx, id)}?${query}`), checks)
  const session = await signInExternal(ctx, profile, userAgent)
  return { session, next: pending.next_path }
}
