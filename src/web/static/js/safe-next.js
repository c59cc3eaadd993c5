// Where to go after signing in. `?next=` comes from the address bar, so anyone can write it and
// send the link around: only a path on this site is followed, anything else goes to "/".
// Plain ESM with no DOM access, so the tests run it in Node.

// C0 and C1 controls and U+2028/U+2029. Browsers drop tabs and newlines inside a URL, so
// "/\t/evil.example" would become "//evil.example", another host.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/**
 * @param {string | null | undefined} next the ?next= value
 * @param {string} origin this page's origin (location.origin)
 * @returns {string} a path on `origin` (with its query and fragment), or "/"
 */
export function safeNext(next, origin) {
  if (typeof next !== 'string' || next.length > 2048) return '/'
  // Exactly one leading slash: "//host/…" is another host, and so is "/\host/…" to a browser,
  // which reads a backslash as a slash — hence no backslash anywhere.
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/'
  if (CONTROLS.test(next)) return '/'
  /** @type {URL} */
  let url
  try {
    url = new URL(next, origin)
  } catch {
    return '/'
  }
  // Whatever the checks above missed, the resolved URL must still be on this origin.
  if (url.origin !== new URL(origin).origin) return '/'
  return `${url.pathname}${url.search}${url.hash}`
}
