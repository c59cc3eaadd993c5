// `/`: the forums, and signing up, in and out. After signing in the page goes to `?next=` when
// that is a path on this site (safe-next.js), else to "/".
import { signIn, signUp } from '../api.js'
import { authForm } from '../components/auth-form.js'
import { providerButtons, signInError } from '../components/provider-buttons.js'
import { h, mount } from '../dom.js'
import { forums } from '../endpoints.js'
import { startPage } from '../layout.js'
import { collectPages } from '../paging.js'
import { safeNext } from '../safe-next.js'

const afterSignIn = () =>
  location.assign(safeNext(new URLSearchParams(location.search).get('next'), location.origin))

startPage(async (root, user) => {
  const { items: list } = await collectPages(forums, { atLeast: Infinity, maxPages: 10 })
  const next = safeNext(new URLSearchParams(location.search).get('next'), location.origin)
  const providers = user ? null : await providerButtons(next)
  mount(
    root,
    signInError(),
    h('h1', null, 'Forums'),
    h(
      'ul',
      { class: 'forums' },
      list.map((f) =>
        h(
          'li',
          { class: 'card' },
          h('h2', null, h('a', { href: `/f/${encodeURIComponent(f.slug)}` }, f.name)),
          h('p', null, f.description),
          h(
            'p',
            { class: 'muted' },
            `${f.voteBudget} ${f.votingMode === 'quadratic' ? 'credits' : 'votes'} each, up to ${f.maxVotesPerIdea} on one idea`,
          ),
        ),
      ),
    ),
    list.length === 0 ? h('p', null, 'No forums yet.') : null,
    user
      ? h('p', null, `Signed in as ${user.displayName} (${user.email}).`)
      : h(
          'div',
          { class: 'auth' },
          providers,
          authForm({
            id: 'signin',
            title: 'Sign in',
            submitLabel: 'Sign in',
            fields: [
              { name: 'email', label: 'E-mail', type: 'email', autocomplete: 'username' },
              {
                name: 'password',
                label: 'Password',
                type: 'password',
                autocomplete: 'current-password',
              },
            ],
            action: (v) => signIn(v.email ?? '', v.password ?? ''),
            done: afterSignIn,
          }),
          authForm({
            id: 'signup',
            title: 'Sign up',
            submitLabel: 'Create account',
            fields: [
              { name: 'displayName', label: 'Name', type: 'text', autocomplete: 'nickname' },
              { name: 'email', label: 'E-mail', type: 'email', autocomplete: 'email' },
              {
                name: 'password',
                label: 'Password (at least 10 characters)',
                type: 'password',
                autocomplete: 'new-password',
                minlength: 10,
              },
            ],
            action: (v) => signUp(v.email ?? '', v.password ?? '', v.displayName ?? ''),
            done: afterSignIn,
          }),
        ),
  )
})
