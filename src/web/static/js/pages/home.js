// `/`: the forums, and signing up, in and out. After signing in the page goes to `?next=` when
// that is a path on this site (safe-next.js), else to "/".
import { currentUser, get, signIn, signUp } from '../api.js'
import { h, mount } from '../dom.js'
import { startPage } from '../layout.js'
import { safeNext } from '../safe-next.js'

function authForm({ id, title, submitLabel, fields, action }) {
  const status = h('p', { class: 'refused', role: 'alert' })
  const inputs = fields.map((f) =>
    h('input', {
      id: `${id}-${f.name}`,
      name: f.name,
      type: f.type,
      required: true,
      autocomplete: f.autocomplete,
      minlength: f.minlength,
    }),
  )
  const form = h(
    'form',
    {
      id,
      class: 'card',
      onSubmit: async (event) => {
        event.preventDefault()
        status.textContent = ''
        const values = Object.fromEntries(inputs.map((i) => [i.name, i.value]))
        try {
          await action(values)
          location.assign(
            safeNext(new URLSearchParams(location.search).get('next'), location.origin),
          )
        } catch (err) {
          status.textContent = err.message
        }
      },
    },
    h('h2', null, title),
    fields.map((f, i) => h('p', null, h('label', { for: inputs[i].id }, f.label), inputs[i])),
    status,
    h('button', { type: 'submit' }, submitLabel),
  )
  return form
}

startPage(async (root) => {
  const forums = await get('/forums')
  const list = forums.items ?? forums
  const user = currentUser()
  mount(
    root,
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
            action: (v) => signIn(v.email, v.password),
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
            action: (v) => signUp(v.email, v.password, v.displayName),
          }),
        ),
  )
})
