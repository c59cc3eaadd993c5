// What every page shares: the session area of the header, start-up, and error display.
import { currentUser, hasRole, onSessionChange, restoreSession, signOut } from './api.js'
import { h, main, mount } from './dom.js'

function renderSession() {
  const el = document.getElementById('session')
  const user = currentUser()
  if (!user) {
    mount(el, h('a', { href: '/#signin' }, 'Sign in'), ' ', h('a', { href: '/#signup' }, 'Sign up'))
    return
  }
  mount(
    el,
    h('a', { href: '/me/votes' }, 'My votes'),
    ' ',
    h('span', { class: 'who' }, user.displayName, hasRole('developer') ? ` (${user.role})` : ''),
    ' ',
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        onClick: async () => {
          await signOut()
          location.reload()
        },
      },
      'Sign out',
    ),
  )
}

/** Restores the session, then renders the page; any failure is shown instead of a blank page. */
export async function startPage(render) {
  onSessionChange(renderSession)
  await restoreSession()
  renderSession()
  try {
    await render(main())
  } catch (err) {
    mount(main(), errorBox(err))
  }
  // First-render time, read by the e2e suite.
  performance.mark('tally:rendered')
  document.body.dataset.ready = 'true'
}

export function errorBox(err) {
  const notFound = err?.status === 404
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('h1', null, notFound ? 'Not found' : 'Something went wrong'),
    h('p', null, err?.message ?? String(err)),
    h('p', null, h('a', { href: '/' }, 'Back to the forums')),
  )
}

/** Path segment `index` of the current URL (e.g. the slug in /f/:slug). */
export const pathPart = (index) => decodeURIComponent(location.pathname.split('/')[index] ?? '')

export const STATUS_LABELS = {
  open: 'Open',
  under_review: 'Under review',
  planned: 'Planned',
  started: 'Started',
  completed: 'Completed',
  declined: 'Declined',
  merged: 'Merged',
  deleted: 'Deleted',
}
export const OPEN_STATUSES = ['open', 'under_review', 'planned', 'started']

export const statusBadge = (status) =>
  h('span', { class: `badge status-${status}` }, STATUS_LABELS[status] ?? status)

export const prognosisBadge = (prognosis) =>
  h('span', { class: `badge prognosis-${prognosis}` }, prognosis.replaceAll('-', ' '))

export const formatDate = (iso) => (iso ? new Date(iso).toISOString().slice(0, 10) : '—')

export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
