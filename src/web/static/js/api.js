// The /api/v1 client. The access token is kept in memory only; the refresh token is an httpOnly
// cookie the page cannot read, exchanged at /web/session/refresh (with the CSRF header) when the
// page loads and before the access token expires.
let session = null // { user, accessToken, expiresIn }
let refreshTimer
const listeners = new Set()

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`)
    this.status = status
    this.code = body?.code ?? 'HTTP_ERROR'
    this.body = body
  }
}

export const currentUser = () => session?.user ?? null
export const onSessionChange = (fn) => listeners.add(fn)

const ROLES = ['member', 'developer', 'coordinator', 'admin']
/** Whether the signed-in user has at least `role`. */
export const hasRole = (role) =>
  session !== null && ROLES.indexOf(session.user.role) >= ROLES.indexOf(role)

function setSession(next) {
  session = next
  clearTimeout(refreshTimer)
  if (session) {
    const ms = Math.max(10, session.expiresIn - 60) * 1000
    refreshTimer = setTimeout(() => void refresh(), ms)
  }
  for (const fn of listeners) fn(currentUser())
}

async function sessionCall(path, body) {
  const res = await fetch(`/web/session/${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'x-tally-csrf': '1',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  })
  const data = res.status === 204 ? null : await res.json()
  if (!res.ok) throw new ApiError(res.status, data)
  return data
}

let refreshing = null
/** Exchanges the session cookie for an access token; null when there is no session. */
export function refresh() {
  refreshing ??= sessionCall('refresh')
    .then((data) => setSession(data))
    .catch(() => setSession(null))
    .finally(() => (refreshing = null))
  return refreshing
}

/** On page load: restore the session if the hint cookie says there is one. */
export async function restoreSession() {
  if (document.cookie.split('; ').includes('tally_signed_in=1')) await refresh()
  return currentUser()
}

export async function signIn(email, password) {
  setSession(await sessionCall('login', { email, password }))
}
export async function signUp(email, password, displayName) {
  setSession(await sessionCall('register', { email, password, displayName }))
}
export async function signOut() {
  await sessionCall('logout').catch(() => undefined)
  setSession(null)
}

/** A JSON API call; one retry after refreshing an expired access token. */
export async function api(method, path, body, { raw = false, retried = false } = {}) {
  const headers = {}
  if (session) headers.authorization = `Bearer ${session.accessToken}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (res.status === 401 && session && !retried) {
    await refresh()
    return api(method, path, body, { raw, retried: true })
  }
  if (raw && res.ok) return res
  const data = res.status === 204 ? null : await res.json().catch(() => null)
  if (!res.ok) throw new ApiError(res.status, data)
  return data
}

export const get = (path) => api('GET', path)
