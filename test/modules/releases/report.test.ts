// The development-update report, as the Xen coordinator mailed it: snapshots under a fixed clock.
import t from 'tap'
import { build } from '../../helper.ts'

let now = new Date('2013-02-01T09:00:00Z')
const { injectAs, factories, vote } = await build(t, { clock: { now: () => now } })
const coordinator = await factories.user('coordinator', { displayName: 'George Dunlap' })
const roger = await factories.user('developer', { displayName: 'Roger Pau Monné' })
const forum = await factories.forum({ slug: 'xen' })
await factories.db.updateTable('forums').set({ name: 'Xen' }).where('id', '=', forum.id).execute()
const voters = await Promise.all(Array.from({ length: 5 }, () => factories.user()))

const release = (
  await injectAs(coordinator, {
    method: 'POST',
    url: '/api/v1/forums/xen/releases',
    payload: {
      name: '4.3',
      featureFreezeAt: '2013-03-25T00:00:00Z',
      codeFreezeAt: '2013-04-15T00:00:00Z',
      firstRcAt: '2013-05-06T00:00:00Z',
      releaseAt: '2013-06-10T00:00:00Z',
      capacity: 40,
    },
  })
).json()

async function feature(
  title: string,
  group: string,
  fields: Record<string, unknown>,
  votesPerVoter: number[] = [],
) {
  const idea = await factories.idea(forum.id, coordinator.id, { title })
  for (const [i, n] of votesPerVoter.entries()) await vote(voters[i]!, idea.id, n)
  const promoted = await injectAs(coordinator, {
    method: 'POST',
    url: `/api/v1/ideas/${idea.id}/promote`,
    payload: { releaseId: release.id, group },
  })
  await injectAs(coordinator, {
    method: 'PATCH',
    url: `/api/v1/features/${promoted.json().id}`,
    payload: fields,
  })
}

await feature(
  'Persistent grants',
  'Performance',
  { ownerId: roger.id, status: 'merged', prognosis: 'done' },
  [3, 2, 1],
)
await feature(
  'Default to QEMU upstream',
  'Feature parity',
  {
    ownerName: 'Anthony',
    status: 'libxl part done; pci pass-thru left',
    prognosis: 'good',
    external: true,
  },
  [2, 2],
)
await feature(
  'PVH mode (w/ Linux)',
  'Performance',
  {
    ownerName: 'Mukesh',
    status: 'RFC v3 posted',
    prognosis: 'fair',
    techPreview: true,
    external: true,
  },
  [1],
)
await feature(
  'Event channel scalability',
  'Scalability',
  { status: 'design agreed', prognosis: 'poor' },
  [3, 3, 3, 3, 3],
)
await feature('Blktap3', 'Feature parity', {
  ownerName: 'Thanos',
  status: 'no progress',
  prognosis: 'not-for-this-release',
})
now = new Date('2013-04-02T10:00:00Z')
const lateIdea = await factories.idea(forum.id, coordinator.id, {
  title: 'ARM servers <b>64-bit</b>',
})
await injectAs(coordinator, {
  method: 'POST',
  url: `/api/v1/ideas/${lateIdea.id}/promote`,
  payload: {
    releaseId: release.id,
    group: 'New technologies',
    prognosis: 'excellent',
    exception: { reason: 'Only touches xen/arch/arm' },
  },
})
now = new Date('2013-04-20T08:00:00Z')
await injectAs(coordinator, {
  method: 'PATCH',
  url: `/api/v1/releases/${release.id}`,
  payload: {
    releaseAt: '2013-06-17T00:00:00Z',
    slipReason: 'Extra RC for the qemu-upstream switch',
  },
})

t.test('text report', async (t) => {
  const res = await injectAs(null, { url: `/api/v1/releases/${release.id}/report` })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/plain/)
  const text = res.body
  t.match(text, /\* Code freeze: 15 April 2013 +<== We are here/)
  t.equal(text.match(/<== We are here/g)?.length, 1)
  const order = ['Completed', 'On track', 'At risk', 'Not for this release'].map((s) =>
    text.indexOf(`== ${s}`),
  )
  t.same(
    [...order].sort((a, b) => a - b),
    order,
    'sections in order',
  )
  t.match(
    text,
    /\* Persistent grants\n {2}owner: Roger Pau Monné\n {2}status: merged\n {2}prognosis: done\n {2}demand: 6 votes, 3 voters/,
  )
  t.match(text, /\* PVH mode \(w\/ Linux\) \(external\) \(tech preview\)\n/)
  t.match(text, /\* Event channel scalability\n {2}owner: \?\n/)
  t.match(text, /freeze exception: Only touches xen\/arch\/arm/)
  t.match(text, /slipped from 10 June 2013 to 17 June 2013 on 20 April 2013: Extra RC/)
  t.matchSnapshot(text, 'text')
})

t.test('markdown report', async (t) => {
  const res = await injectAs(null, { url: `/api/v1/releases/${release.id}/report?format=markdown` })
  t.match(res.headers['content-type'], /^text\/markdown/)
  t.match(
    res.body,
    /## Completed\n\n### Performance\n\n- \*\*Persistent grants\*\*\n {2}- owner: Roger Pau Monné\n {2}- status: merged\n {2}- prognosis: done\n {2}- demand: 6 votes, 3 voters/,
  )
  t.match(res.body, /ARM servers \\<b\\>64-bit\\<\/b\\>/, 'user text is escaped')
  t.matchSnapshot(res.body, 'markdown')
})

t.test('json report', async (t) => {
  const res = await injectAs(null, { url: `/api/v1/releases/${release.id}/report?format=json` })
  const report = res.json()
  t.match(report, {
    title: 'Xen 4.3 development update',
    timeline: [
      { label: 'Feature freeze', passed: true, here: false },
      { label: 'Code freeze', passed: true, here: true },
      { label: 'First RC', passed: false },
      { label: 'Release', at: '2013-06-17T00:00:00.000Z', passed: false },
    ],
    lastUpdated: '2013-04-20T08:00:00.000Z',
  })
  t.same(
    report.sections.map((s: { name: string }) => s.name),
    ['Completed', 'On track', 'At risk', 'Not for this release'],
  )
  t.same(
    report.sections[1].groups.map((g: { name: string }) => g.name),
    ['Feature parity', 'New technologies'],
  )
})

t.test('before the first milestone, today is where we are', async (t) => {
  now = new Date('2013-01-10T00:00:00Z')
  const text = (await injectAs(null, { url: `/api/v1/releases/${release.id}/report` })).body
  t.match(
    text,
    /= Timeline =\n\n\* Today: 10 January 2013 +<== We are here\n\* Feature freeze: 25 March 2013\n/,
  )
  now = new Date('2013-04-20T08:00:00Z')
  t.equal(
    (await injectAs(null, { url: `/api/v1/releases/${release.id}/report?format=pdf` })).statusCode,
    400,
  )
  t.equal((await injectAs(null, { url: '/api/v1/releases/999999/report' })).statusCode, 404)
})
