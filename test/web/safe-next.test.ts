// After sign-in the page follows ?next= only to a path of this site (defect 4.8 of issue 10): the
// browser module, run here in Node — it is plain ESM with no DOM access.
import t from 'tap'

type SafeNext = (next: string | null | undefined, origin: string) => string
const { safeNext } = (await import(
  new URL('../../src/web/static/js/safe-next.js', import.meta.url).href
)) as { safeNext: SafeNext }

const ORIGIN = 'http://127.0.0.1:3000'
// A test name in plain ASCII: a raw U+2028 or NEL would break the TAP stream itself.
const show = (v: unknown) =>
  String(JSON.stringify(v)).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )

t.test('paths of this site are followed, with their query and fragment', async (t) => {
  for (const [next, expected] of [
    ['/', '/'],
    ['/me/votes', '/me/votes'],
    ['/f/xen/triage?rank=value#top', '/f/xen/triage?rank=value#top'],
    ['/ideas/12', '/ideas/12'],
    ['/@evil.example', '/@evil.example'],
    ['/a/../me/votes', '/me/votes'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ]) {
    t.equal(safeNext(next, ORIGIN), expected, show(next))
  }
})

t.test('anything else goes to /', async (t) => {
  for (const next of [
    null,
    undefined,
    '',
    'https://evil.example/',
    'http://127.0.0.1:3000.evil.example/',
    '//evil.example',
    '//evil.example/path',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/path\\..\\..\\x',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'evil.example',
    ' /me/votes',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r/evil.example',
    '/\u0000',
    '/x\u2028y',
    '/x\u0085y',
    `/${'a'.repeat(3000)}`,
  ]) {
    t.equal(safeNext(next, ORIGIN), '/', show(next))
  }
})

t.test('another origin is another site, whatever the host', async (t) => {
  t.equal(safeNext('/me/votes', 'https://tally.example'), '/me/votes')
  // The check resolves against the page's own origin: a path cannot leave it.
  t.equal(safeNext('/me/votes', 'http://127.0.0.1:3000/some/page'), '/me/votes')
})
