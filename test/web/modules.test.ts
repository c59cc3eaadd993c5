// The browser code's shape (issue 10, section 6): every module but the pages is side-effect free
// at import — it touches no DOM, starts no request or timer — so pages compose components, and
// the pure ones run here in Node. And the cursor follower the triage page and "my votes" use.
import { readdir } from 'node:fs/promises'
import t from 'tap'
import { IDEA_STATUSES, OPEN_STATUSES, PROGNOSES, ROLES } from '../../src/core/domain.ts'

const ROOT = new URL('../../src/web/static/js/', import.meta.url)
const BROWSER_ONLY = ['document', 'window', 'location', 'history', 'localStorage', 'sessionStorage']
const SPIED = ['fetch', 'setTimeout', 'setInterval', 'queueMicrotask', 'requestAnimationFrame']

/** Records what importing `files` touches of the browser's globals (and timers, requests). */
async function touchedBy(files: string[]): Promise<string[]> {
  const touched: string[] = []
  const global = globalThis as Record<string, unknown>
  const saved = new Map(SPIED.map((name) => [name, global[name]]))
  const tick = () => new Promise((resolve) => setImmediate(resolve))
  for (const name of BROWSER_ONLY) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get: () => void touched.push(name),
    })
  }
  for (const name of SPIED) {
    global[name] = (..._args: unknown[]) => void touched.push(name)
  }
  try {
    for (const file of files) await import(new URL(file, ROOT).href)
    await tick() // what an import started without awaiting runs now
  } finally {
    for (const name of BROWSER_ONLY) delete global[name]
    for (const [name, value] of saved) global[name] = value
  }
  return touched
}

const shared = async () => {
  const top = (await readdir(ROOT)).filter((f) => f.endsWith('.js'))
  const components = (await readdir(new URL('components/', ROOT))).map((f) => `components/${f}`)
  return [...top, ...components]
}

t.test('shared modules and components have no side effects at import', async (t) => {
  const files = await shared()
  t.ok(files.length >= 15, `${files.length} modules`)
  t.ok(files.includes('components/vote-control.js') && files.includes('components/idea-item.js'))
  t.same(await touchedBy(files), [], 'no DOM, request or timer touched while importing')
})

t.test('a page module does start at import: the check above would see one that does', async (t) => {
  // Its startPage() fails without a DOM; the rejection is expected here.
  const swallow = () => {}
  process.on('unhandledRejection', swallow)
  try {
    t.ok((await touchedBy(['pages/home.js'])).includes('document'))
  } finally {
    await new Promise((resolve) => setImmediate(resolve))
    process.off('unhandledRejection', swallow)
  }
})

t.test('collectPages follows nextCursor, bounded', async (t) => {
  type Page = { items: number[]; nextCursor: string | null }
  type CollectPages = (
    fetchPage: (cursor: string | null) => Promise<Page>,
    options?: { cursor?: string | null; atLeast?: number; maxPages?: number },
  ) => Promise<Page>
  const { collectPages } = (await import(new URL('paging.js', ROOT).href)) as {
    collectPages: CollectPages
  }
  // 250 items in pages of 100; the cursor is the offset.
  const requests: (string | null)[] = []
  const fetchPage = async (cursor: string | null) => {
    requests.push(cursor)
    const from = Number(cursor ?? 0)
    const items = Array.from({ length: Math.min(100, 250 - from) }, (_, i) => from + i)
    return { items, nextCursor: from + 100 < 250 ? String(from + 100) : null }
  }
  const first = await collectPages(fetchPage)
  t.same([first.items.length, first.nextCursor], [100, '100'], 'one page by default')
  const more = await collectPages(fetchPage, { cursor: first.nextCursor })
  t.same([more.items[0], more.items.length, more.nextCursor], [100, 100, '200'])
  const kept = await collectPages(fetchPage, { atLeast: 150 })
  t.same([kept.items.length, kept.nextCursor], [200, '200'], 'as many rows as were shown')
  requests.length = 0
  const all = await collectPages(fetchPage, { atLeast: Infinity })
  t.same(
    all.items,
    Array.from({ length: 250 }, (_, i) => i),
    'every item, each once',
  )
  t.equal(all.nextCursor, null)
  t.same(requests, [null, '100', '200'])
  const endless = async () => ({ items: [1], nextCursor: 'again' })
  const bounded = await collectPages(endless, { atLeast: Infinity, maxPages: 3 })
  t.same([bounded.items.length, bounded.nextCursor], [3, 'again'], 'maxPages bounds the requests')
})

t.test('the browser code names the same roles, statuses and prognoses as the server', async (t) => {
  const badges = (await import(new URL('components/badges.js', ROOT).href)) as {
    OPEN_STATUSES: readonly string[]
    PROGNOSES: readonly string[]
    STATUS_LABELS: Record<string, string>
  }
  const api = (await import(new URL('api.js', ROOT).href)) as { ROLES: readonly string[] }
  t.same(api.ROLES, ROLES, 'roles, in order')
  t.same(badges.OPEN_STATUSES, OPEN_STATUSES)
  t.same(badges.PROGNOSES, PROGNOSES)
  t.same(Object.keys(badges.STATUS_LABELS), IDEA_STATUSES, 'a label for every status')
})
