// Export → import into an empty forum → export again gives the same content, ids aside; the API's
// export is admin-only, streamed as NDJSON, and importable as it is.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { contextFor } from '../../../src/core/context.ts'
import { importForum, tallySource } from '../../../src/modules/transfer/index.ts'
import { build } from '../../helper.ts'

const FIXTURE = join(import.meta.dirname, '../../fixtures/tally')
const REFS = [
  'category',
  'author',
  'mergedInto',
  'feature',
  'release',
  'owner',
  'coordinator',
  'idea',
  'user',
  'actor',
]

type Line = Record<string, unknown> & { kind: string }

/** Records with every id replaced by its position among its kind's records. */
export function normalise(lines: Line[]): Line[] {
  const kindOf: Record<string, string> = {
    category: 'categories',
    author: 'users',
    mergedInto: 'ideas',
    feature: 'features',
    release: 'releases',
    owner: 'users',
    coordinator: 'users',
    idea: 'ideas',
    user: 'users',
    actor: 'users',
  }
  const index = new Map<string, number>()
  const counters = new Map<string, number>()
  for (const l of lines) {
    const n = counters.get(l.kind) ?? 0
    counters.set(l.kind, n + 1)
    index.set(`${l.kind}:${String(l.externalId)}`, n)
  }
  const id = (kind: string, ref: unknown) =>
    ref == null ? ref : (index.get(`${kind}:${String(ref)}`) ?? `?${String(ref)}`)
  const fix = (o: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...o }
    for (const k of REFS) if (k in out) out[k] = id(kindOf[k] ?? '', out[k])
    if (out.response && typeof out.response === 'object')
      out.response = fix(out.response as Record<string, unknown>)
    if (Array.isArray(out.slips))
      out.slips = out.slips.map((s) => fix(s as Record<string, unknown>))
    return out
  }
  return lines.map((l) => ({ ...fix(l), externalId: id(l.kind, l.externalId) }) as unknown as Line)
}

t.test('round trip through the API export', async (t) => {
  const { db, config, factories, injectAs, assertConsistent } = await build(t)
  const admin = await factories.user('admin')
  const member = await factories.user('member')
  await factories.forum({ slug: 'xen', voteBudget: 5, maxVotesPerIdea: 3 })
  await factories.forum({ slug: 'copy', voteBudget: 5, maxVotesPerIdea: 3 })
  const ctx = contextFor(db, config)
  await importForum(ctx, tallySource(FIXTURE), { forum: 'xen' })

  t.equal(
    (await injectAs(member, { method: 'GET', url: '/api/v1/forums/xen/export' })).statusCode,
    403,
  )
  t.equal(
    (await injectAs(admin, { method: 'GET', url: '/api/v1/forums/nope/export' })).json().code,
    'NOT_FOUND',
  )

  const exported = async (slug: string) => {
    const res = await injectAs(admin, { method: 'GET', url: `/api/v1/forums/${slug}/export` })
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /application\/x-ndjson/)
    return res.body
  }
  const first = await exported('xen')
  const lines = first
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line)
  t.match(lines[0], {
    kind: 'manifest',
    format: 'tally-export',
    version: 1,
    forum: { slug: 'xen' },
  })
  t.match(lines.at(-1), { kind: 'counts', ideas: 6, ballots: 5, comments: 2 })

  const file = join(mkdtempSync(join(tmpdir(), 'tally-export-')), 'xen.ndjson')
  writeFileSync(file, first)
  const report = await importForum(ctx, tallySource(file), { forum: 'copy' })
  t.same(report.refused, [], 'an export imports without a refused row')
  t.same(report.adjustments, [], 'and without an adjustment')
  await assertConsistent(t)

  const body = (text: string) =>
    normalise(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Line)
        .slice(1, -1),
    )
  t.same(body(await exported('copy')), body(first), 'the same content, ids aside')
})
