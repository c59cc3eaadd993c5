// The /api/v1 client. The access token is kept in memory only; the refresh token is an httpOnly
// cookie the page cannot read, exchanged at /web/session/refresh (with the CSRF header) when the
// page loads and before the access token expires. No side effects at import: nothing runs until
// a page calls in.
/** @import { BrowserSession, Role, SessionUser } from '../../api-types.ts' */

/** @type {BrowserSession | null} */
let session = null
/** @type {ReturnType<typeof setTimeout> | undefined} */
let refreshTimer
/** @type {Set<(user: SessionUser | null) => void>} */
const listeners = new Set()

/**
 * An error answer of the API: `{statusCode, code, error, message}` plus optional fields.
 * @typedef {{ code?: string, message?: string, budget?: import('../../api-types.ts').Budget }} ErrorBody
 */

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {ErrorBody | null} body
   */
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`)
    this.status = status
    this.code = body?.code ?? 'HTTP_ERROR'
    this.body = body
  }
}

/** @returns {SessionUser | null} */
export const currentUser = () => session?.user ?? null

/** @param {(user: SessionUser | null) => void} fn */
export const onSessionChange = (fn) => listeners.add(fn)

/**
 * In order, each including the ones before; test/web/modules.test.ts checks they are the server's.
 * @type {readonly Role[]}
 */
export const ROLES = ['member', 'developer', 'coordinator', 'admin']
/**
 * Whether the signed-in user has at least `role`.
 * @param {Role} role
 */
export const hasRole = (role) =>
  session !== null && ROLES.indexOf(session.user.role) >= ROLES.indexOf(role)

/** @param {BrowserSession | null} next */
function setSession(next) {
  session = next
  clearTimeout(refreshTimer)
  if (session) {
    const ms = Math.max(10, session.expiresIn - 60) * 1000
    refreshTimer = setTimeout(() => void refresh(), ms)
  }
  for (const fn of listeners) fn(currentUser())
}

/**
 * @param {string} path
 * @param {Record<string, string>} [body]
 * @returns {Promise<BrowserSession | null>}
 */
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
  const data = res.status === 204 ? null : /** @type {unknown} */ (await res.json())
  if (!res.ok) throw new ApiError(res.status, /** @type {ErrorBody | null} */ (data))
  return /** @type {BrowserSession | null} */ (data)
}

/** @type {Promise<void> | null} */
let refreshing = null
/**
 * Exchanges the session cookie for an access token; without a session, the user is signed out.
 * @returns {Promise<void>}
 */
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

/**
 * @param {string} email
 * @param {string} password
 */
export async function signIn(email, password) {
  setSession(await sessionCall('login', { email, password }))
}
/**
 * @param {string} email
 * @param {string} password
 * @param {string} displayName
 */
export async function signUp(email, password, displayName) {
  setSession(await sessionCall('register', { email, password, displayName }))
}
export async function signOut() {
  await sessionCall('logout').catch(() => undefined)
  setSession(null)
}

/**
 * A JSON API call; one retry after refreshing an expired access token. The answer is what the
 * route's response schema says; callers name that type (see endpoints.js).
 * @template [T=unknown]
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {{ retried?: boolean }} [options]
 * @returns {Promise<T>}
 */
export async function api(method, path, body, { retried = false } = {}) {
  const res = await send(method, path, body, retried)
  const data =
    res.status === 204 ? null : /** @type {unknown} */ (await res.json().catch(() => null))
  if (!res.ok) throw new ApiError(res.status, /** @type {ErrorBody | null} */ (data))
  return /** @type {T} */ (data)
}

/**
 * The same for an answer that is not JSON (CSV, a text report): the Response itself.
 * @param {string} path
 * @returns {Promise<Response>}
 */
export async function apiRaw(path) {
  const res = await send('GET', path, undefined, false)
  if (!res.ok) {
    const data = /** @type {ErrorBody | null} */ (await res.json().catch(() => null))
    throw new ApiError(res.status, data)
  }
  return res
}

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} body
 * @param {boolean} retried
 * @returns {Promise<Response>}
 */
async function send(method, path, body, retried) {
  /** @type {Record<string, string>} */
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
    return send(method, path, body, true)
  }
  return res
}

/**
 * @template [T=unknown]
 * @param {string} path
 * @returns {Promise<T>}
 */
export const get = (path) => api('GET', path)
