// The web pages: every path answers HTML with the strict CSP, the static files are served under
// the same policy, and user text never appears in the HTML (pages take it from the API as text).
import t from 'tap'
import { CONTENT_SECURITY_POLICY } from '../../src/web/csp.ts'
import { pages } from '../../src/web/pages.ts'
import { build } from '../helper.ts'

const { app, factories } = await build(t)
const XSS = '<img src=x onerror=alert(1)>'

const member = await factories.user('member', { displayName: `${XSS} Mallory` })
const forum = await factories.forum({ slug: 'xss' })
const idea = await factories.idea(forum.id, member.id, {
  title: XSS,
  body: '<script>alert(2)</script>',
})

const concrete = (path: string) => path.replace(':slug', forum.slug).replace(':id', String(idea.id))

t.test('every page path returns its HTML shell with the CSP header', async (t) => {
  for (const page of pages) {
    const res = await app.inject({ url: concrete(page.path) })
    t.equal(res.statusCode, 200, page.path)
    t.match(res.headers['content-type'], /^text\/html/, page.path)
    t.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY, page.path)
    t.equal(res.headers['x-content-type-options'], 'nosniff')
    t.match(res.body, `<script type="module" src="/static/js/pages/${page.script}"></script>`)
  }
})

t.test('the policy allows only the app’s own code', async (t) => {
  const directives = Object.fromEntries(
    CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
  )
  t.same(directives['script-src'], ["'self'"])
  t.same(directives['style-src'], ["'self'"])
  t.same(directives['object-src'], ["'none'"])
  t.same(directives['frame-ancestors'], ["'none'"])
  t.notMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|\*/)
})

t.test('no page has inline scripts, inline styles or user text', async (t) => {
  for (const page of pages) {
    const html = (await app.inject({ url: concrete(page.path) })).body
    t.notMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${page.path}: no inline script`)
    t.notMatch(html, /<style|\sstyle=|\son\w+=/i, `${page.path}: no inline style or handler`)
    t.notOk(html.includes(XSS), `${page.path}: the idea title is not in the HTML`)
    t.notOk(html.includes('Mallory'), `${page.path}: no user name in the HTML`)
  }
})

t.test('static files are served same-origin, with the same policy', async (t) => {
  for (const file of ['/static/app.css', '/static/js/api.js', '/static/js/pages/board.js']) {
    const res = await app.inject({ url: file })
    t.equal(res.statusCode, 200, file)
    t.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY)
  }
  t.match((await app.inject({ url: '/static/js/dom.js' })).headers['content-type'], /javascript/)
  t.equal((await app.inject({ url: '/static/../../app.ts' })).statusCode, 404)
  t.equal((await app.inject({ url: '/static/nope.js' })).statusCode, 404)
})

t.test('no browser module parses strings as HTML', async (t) => {
  const { readdir, readFile } = await import('node:fs/promises')
  const root = new URL('../../src/web/static/js/', import.meta.url)
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.js'))
  t.ok(files.length >= 25)
  t.ok(files.includes('pages/home.js') && files.includes('components/idea-item.js'))
  for (const file of files) {
    // Comments may name the forbidden APIs; code may not.
    const source = (await readFile(new URL(file, root), 'utf8')).replace(/\/\/.*$/gm, '')
    t.notMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/, file)
  }
})

t.test('the API is untouched by the web scope', async (t) => {
  const res = await app.inject({ url: `/api/v1/ideas/${idea.id}` })
  t.equal(res.statusCode, 200)
  t.equal(res.json().title, XSS, 'the API returns the text as it was written; pages escape it')
})
