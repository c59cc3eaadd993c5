// "Sign in with …" links for the providers this deployment configured (none: nothing shown), and
// the reason a provider sign-in was refused (/?signin_error=<code>). No side effects at import.
import { get } from '../api.js'
import { h } from '../dom.js'

/** @type {Record<string, string>} */
const REASONS = {
  invalid_token: 'The sign-in could not be verified. Try again.',
  replayed_token: 'That sign-in link was already used. Start again from the product.',
  invalid_state: 'The sign-in expired or was started in another browser. Try again.',
  email_not_verified:
    'The provider has not verified this e-mail address, so it cannot be linked to an existing account.',
  email_missing: 'The provider did not share a verified e-mail address.',
  domain_not_allowed: "This provider only signs in addresses of the organisation's domains.",
  account_disabled: 'This account is disabled.',
  provider_error: 'The provider refused or did not answer. Try again later.',
  unknown_provider: 'That way of signing in is not offered here.',
}

/** The refusal named by ?signin_error=, as a paragraph, or null. */
export function signInError() {
  const code = new URLSearchParams(location.search).get('signin_error')
  if (!code) return null
  return h('p', { class: 'refusal', role: 'alert' }, REASONS[code] ?? 'The sign-in was refused.')
}

/**
 * A list of provider links, each starting a sign-in that comes back to `next`.
 * @param {string} next a path on this site
 */
export async function providerButtons(next) {
  /** @type {{ items: { id: string, name: string, kind: string }[] }} */
  const { items } = await get('/auth/providers')
  if (items.length === 0) return null
  return h(
    'ul',
    { class: 'providers' },
    items.map((p) =>
      h(
        'li',
        null,
        h(
          'a',
          {
            class: 'button',
            href: `/auth/${encodeURIComponent(p.id)}/start?next=${encodeURIComponent(next)}`,
          },
          `Sign in with ${p.name}`,
        ),
      ),
    ),
  )
}
