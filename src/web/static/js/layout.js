// What every page shares: the session area of the header, start-up, and error display. The
// page modules call startPage; importing this has no side effects.
/** @import { SessionUser } from '../../api-types.ts' */
import { currentUser, hasRole, onSessionChange, restoreSession, signOut } from './api.js'
import { h, mount } from './dom.js'
import { errorMessage } from './format.js'

function renderSession() {
  const el = document.getElementById('session')
  if (!el) return
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

/**
 * Restores the session, then renders the page into <main>; any failure is shown instead of a
 * blank page.
 * @param {(root: HTMLElement, user: SessionUser | null) => Promise<void>} render
 */
export async function startPage(render) {
  const root = document.getElementById('main')
  if (!root) throw new Error('The page has no <main id="main">')
  onSessionChange(renderSession)
  await restoreSession()
  renderSession()
  try {
    await render(root, currentUser())
  } catch (err) {
    mount(root, errorBox(err))
  }
  // First-render time, read by the e2e suite.
  performance.mark('tally:rendered')
  document.body.dataset.ready = 'true'
}

/** @param {unknown} err */
export function errorBox(err) {
  const notFound = typeof err === 'object' && err !== null && 'status' in err && err.status === 404
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('h1', null, notFound ? 'Not found' : 'Something went wrong'),
    h('p', null, errorMessage(err)),
    h('p', null, h('a', { href: '/' }, 'Back to the forums')),
  )
}

/**
 * Path segment `index` of the current URL (e.g. the slug in /f/:slug).
 * @param {number} index
 */
export const pathPart = (index) => decodeURIComponent(location.pathname.split('/')[index] ?? '')

/** "Sign in", back to this page afterwards. */
export const signInLink = () =>
  h('a', { href: `/?next=${encodeURIComponent(location.pathname)}#signin` }, 'Sign in')
