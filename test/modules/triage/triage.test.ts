import t from 'tap'
import { build } from '../../helper.ts'
import { parseCsv } from './csv-reader.ts'

let now = new Date('2026-03-01T12:00:00Z')
const { injectAs, factories, vote } = await build(t, { clock: { now: () => now } })
const developer = await factories.user('developer')
const coordinator = await factories.user('coordinator')
const member = await factories.user()
const voters = await Promise.all(Array.from({ length: 6 }, () => factories.user()))
const forum = await factories.forum({ slug: 'triage', voteBudget: 50 })
const cat = await factories.category(forum.id, 'Scalability')
const day = 86_400_000
const ago = (d: number) => new Date(now.getTime() - d * day)

const tricky = 'Raise limits, "quoted", and\nmulti-line'
const a = await factories.idea(forum.id, member.id, {
  title: 'Raise event channel limits',
  categoryId: cat.id,
  createdAt: ago(40),
})
const b = await factories.idea(forum.id, member.id, {
  title: 'Raise the event channel limit',
  createdAt: ago(10),
})
const c = await factories.idea(forum.id, member.id, { title: tricky, createdAt: ago(3) })
const planned = await factories.idea(forum.id, member.id, {
  title: 'Already promoted',
  createdAt: ago(1),
})

now = ago(20)
for (const v of voters.slice(0, 4)) await vote(v, a.id, 1) // 4 votes, 20 days ago
now = new Date('2026-03-01T12:00:00Z')
await vote(voters[0]!, a.id, 2) // +1 today
for (const v of voters.slice(0, 3)) await vote(v, b.id, 2) // 6 votes today
await vote(voters[5]!, c.id, 1)
await injectAs(member, {
  method: 'POST',
  url: `/api/v1/ideas/${a.id}/comments`,
  payload: { body: 'Needed for 1000 guests' },
})
await injectAs(developer, {
  method: 'PATCH',
  url: `/api/v1/ideas/${a.id}/triage`,
  payload: { effort: 5 },
})
await injectAs(developer, {
  method: 'PATCH',
  url: `/api/v1/ideas/${b.id}/triage`,
  payload: { effort: 1 },
})
const release = (
  await injectAs(coordinator, {
    method: 'POST',
    url: '/api/v1/forums/triage/releases',
    payload: {
      name: 'next',
      featureFreezeAt: '2027-01-01T00:00:00Z',
      releaseAt: '2027-06-01T00:00:00Z',
    },
  })
).json()
await injectAs(coordinator, {
  method: 'POST',
  url: `/api/v1/ideas/${planned.id}/promote`,
  payload: { releaseId: release.id },
})

const triage = (query = '') => injectAs(developer, { url: `/api/v1/forums/triage/triage${query}` })

t.test('rows with every metric, open and not yet promoted ideas only', async (t) => {
  const res = await triage()
  t.equal(res.statusCode, 200)
  const rows = res.json().items
  t.same(
    rows.map((r: { idea: { id: number } }) => r.idea.id),
    [b.id, a.id, c.id],
    'top: the promoted idea is not there',
  )
  t.same(rows[1], {
    rank: 2,
    idea: {
      id: a.id,
      title: 'Raise event channel limits',
      status: 'open',
      category: { id: cat.id, name: 'Scalability' },
    },
    votes: 5,
    voters: 4,
    votes7d: 1,
    votes30d: 5,
    ageDays: 40,
    comments: 1,
    effort: 5,
    possibleDuplicates: [b.id],
  })
  t.match(rows[0], { rank: 1, votes: 6, votes7d: 6, effort: 1, possibleDuplicates: [a.id] })
})

t.test('ranks: trending, hot, value; pagination keeps counting ranks', async (t) => {
  const ids = async (q: string) =>
    (await triage(q)).json().items.map((r: { idea: { id: number } }) => r.idea.id)
  t.same(await ids('?rank=trending'), [b.id, a.id, c.id])
  t.same(await ids('?rank=value'), [b.id, a.id, c.id], 'votes per week; unestimated last')
  t.same(await ids('?rank=hot'), [c.id, b.id, a.id])
  t.same(await ids(`?categoryId=${cat.id}`), [a.id])
  const first = (await triage('?limit=2')).json()
  const second = (await triage(`?limit=2&cursor=${first.nextCursor}`)).json()
  t.same(
    second.items.map((r: { rank: number }) => r.rank),
    [3],
  )
  t.equal(second.nextCursor, null)
  t.equal((await triage('?cursor=bogus')).statusCode, 400)
})

t.test('CSV (RFC 4180): a title with commas, quotes and newlines round-trips', async (t) => {
  const res = await triage('?format=csv')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/csv/)
  t.match(res.headers['content-disposition'], /attachment; filename="triage-triage.csv"/)
  const lines = res.body.split('\r\n')
  t.equal(
    lines[0],
    'rank,id,title,status,category,votes,voters,votes7d,votes30d,ageDays,comments,effort,possibleDuplicates',
  )
  t.ok(res.body.endsWith('\r\n'))
  const records = parseCsv(res.body)
  t.equal(records.length, 4, 'header + 3 ideas')
  const row = records.find((r) => r[1] === String(c.id))!
  t.equal(row[2], tricky, 'the tricky title survives')
  t.same(records[1]!.slice(0, 6), [
    '1',
    String(b.id),
    'Raise the event channel limit',
    'open',
    '',
    '6',
  ])
})

t.test('developers only', async (t) => {
  t.equal((await injectAs(member, { url: '/api/v1/forums/triage/triage' })).statusCode, 403)
  t.equal((await injectAs(null, { url: '/api/v1/forums/triage/triage' })).statusCode, 401)
  t.equal((await triage('?rank=new')).statusCode, 400)
  t.equal((await injectAs(developer, { url: '/api/v1/forums/none/triage' })).statusCode, 404)
})
