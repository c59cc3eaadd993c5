// `tally seed --demo` and `tally report`, run in-process on a fresh database.
import t from 'tap'
import { report } from '../src/cli/report.ts'
import { seedDemo } from '../src/cli/seed-demo.ts'
import { build } from './helper.ts'

const { injectAs, database, config, assertConsistent } = await build(t)

async function capture(fn: () => Promise<void>): Promise<string> {
  const chunks: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  const log = console.log
  process.stdout.write = ((chunk: string) => (
    chunks.push(String(chunk)),
    true
  )) as typeof process.stdout.write
  console.log = (...args: unknown[]) => chunks.push(args.join(' ') + '\n')
  try {
    await fn()
  } finally {
    process.stdout.write = write
    console.log = log
  }
  return chunks.join('')
}

t.test('seed --demo builds a realistic board, release and report', async (t) => {
  const out = await capture(() => seedDemo.run(database, seedDemo.parse(['--demo']), config))
  t.match(out, /Seeded the demo forum "xen"/)
  const forum = (await injectAs(null, { url: '/api/v1/forums/xen' })).json()
  t.match(forum, { slug: 'xen', name: 'Xen Project', voteBudget: 10 })
  t.same(forum.categories.map((c: { name: string }) => c.name).sort(), [
    'Feature parity',
    'New features',
    'New technologies',
    'Performance',
    'Scalability',
    'xl improvements',
  ])
  const ideas = (await injectAs(null, { url: '/api/v1/forums/xen/ideas?limit=50' })).json()
  t.ok(ideas.items.length >= 15, `${ideas.items.length} open ideas`)
  t.ok(ideas.items[0].votes > 10, 'with votes')
  const releases = (await injectAs(null, { url: '/api/v1/forums/xen/releases' })).json()
  t.same(
    releases.items.map((r: { name: string }) => r.name),
    ['4.4', '4.3'],
  )
  const r43 = releases.items[1]
  t.equal(r43.features.length, 8)
  t.equal(r43.slips.length, 1)
  t.ok(
    r43.features.some((f: { exception: unknown }) => f.exception !== null),
    'a freeze exception',
  )
  await assertConsistent(t)

  const text = await capture(() =>
    report.run(database, report.parse(['--forum', 'xen', '--release', '4.3']), config),
  )
  t.match(text, /^Xen Project 4\.3 development update\n/)
  t.match(
    text,
    /== Completed ==[\s\S]*== On track ==[\s\S]*== At risk ==[\s\S]*== Not for this release ==/,
  )
  t.match(text, /demand: \d+ votes, \d+ voters/)
  t.match(text, /<== We are here/)
  const markdown = await capture(() =>
    report.run(
      database,
      report.parse(['--forum', 'xen', '--release', '4.3', '--format', 'markdown']),
      config,
    ),
  )
  t.match(markdown, /^# Xen Project 4\.3 development update/)

  const again = await capture(() => seedDemo.run(database, null, config))
  t.match(again, /already exists/)
})

t.test('report argument errors', async (t) => {
  t.throws(() => report.parse(['--forum', 'xen']), /--forum and --release are required/)
  t.throws(
    () => report.parse(['--forum', 'xen', '--release', '4.3', '--format', 'pdf']),
    /--format must be one of/,
  )
  t.throws(() => seedDemo.parse([]), /seed --demo/)
  await t.rejects(
    report.run(database, { forum: 'xen', release: '9.9', format: 'text' }, config),
    /No release "9.9"/,
  )
})
