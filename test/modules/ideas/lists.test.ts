import t from 'tap'
import { build } from '../../helper.ts'

let now = new Date('2026-03-01T12:00:00Z')
const clock = { now: () => now }
const { injectAs, factories, vote } = await build(t, { clock })
const author = await factories.user()
const developer = await factories.user('developer')
const voters = await Promise.all([1, 2, 3, 4, 5, 6].map(() => factories.user()))
const forum = await factories.forum({ slug: 'board', voteBudget: 100 })
const cat = await factories.category(forum.id, 'Scalability')

const list = async (query: string, who: { token: string } | null = null) => {
  const res = await injectAs(who, { url: `/api/v1/forums/board/ideas?${query}` })
  t.equal(res.statusCode, 200, query)
  return res.json() as {
    items: { id: number; title: string; votes: number; myVotes: number }[]
    nextCursor: string | null
  }
}
const ids = (page: { items: { id: number }[] }) => page.items.map((i) => i.id)

const day = 86_400_000
const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * day)
const old = await factories.idea(forum.id, author.id, {
  title: 'Ram limit of 16 TiB',
  createdAt: at(60),
})
const mid = await factories.idea(forum.id, author.id, {
  title: 'Event channel scalability',
  categoryId: cat.id,
  createdAt: at(30),
})
const young = await factories.idea(forum.id, author.id, {
  title: 'Openvswitch integration',
  createdAt: at(2),
})
const tied = await factories.idea(forum.id, author.id, {
  title: 'PVH: PV with HVM extensions',
  createdAt: at(1),
})

// Votes: old gets 6 (long ago), mid 5, tied 5 with fewer voters, young 2 (all recent).
now = at(20)
for (const v of voters.slice(0, 3)) await vote(v, old.id, 2)
now = new Date('2026-03-01T12:00:00Z')
for (const v of voters.slice(0, 5)) await vote(v, mid.id, 1)
await vote(voters[0]!, tied.id, 3)
await vote(voters[1]!, tied.id, 2)
await vote(voters[2]!, young.id, 2)

t.test('top: most votes, then more voters, then older', async (t) => {
  t.same(ids(await list('sort=top')), [old.id, mid.id, tied.id, young.id])
  t.same(ids(await list('')), [old.id, mid.id, tied.id, young.id], 'top is the default')
})

t.test('new: newest first', async (t) => {
  t.same(ids(await list('sort=new')), [tied.id, young.id, mid.id, old.id])
})

t.test('trending: votes gained in the last 7 days, ties by top', async (t) => {
  t.same(ids(await list('sort=trending')), [mid.id, tied.id, young.id, old.id])
})

t.test('hot: log10 votes + age', async (t) => {
  t.same(ids(await list('sort=hot')), [tied.id, young.id, mid.id, old.id])
})

t.test('filters: category and status', async (t) => {
  t.same(ids(await list(`categoryId=${cat.id}`)), [mid.id])
  await injectAs(developer, {
    method: 'POST',
    url: `/api/v1/ideas/${young.id}/status`,
    payload: { status: 'completed' },
  })
  t.same(
    ids(await list('sort=top')),
    [old.id, mid.id, tied.id],
    'completed ideas leave the default list',
  )
  t.same(ids(await list('status=completed')), [young.id])
  t.same(ids(await list('status=open,completed&sort=new')), [tied.id, young.id, mid.id, old.id])
  const bad = await injectAs(null, { url: '/api/v1/forums/board/ideas?status=deleted' })
  t.equal(bad.statusCode, 400)
  t.equal((await injectAs(null, { url: '/api/v1/forums/board/ideas?sort=best' })).statusCode, 400)
  t.equal((await injectAs(null, { url: '/api/v1/forums/nope/ideas' })).statusCode, 404)
})

t.test('full-text search, ranked', async (t) => {
  const found = await list('q=scalability')
  t.same(ids(found), [mid.id])
  const stemmed = await list('q=channels')
  t.same(ids(stemmed), [mid.id], 'stemming: channels finds channel')
  t.same(ids(await list('q=nothing%20like%20this')), [])
  t.same(
    ids(await list('q=pv%20OR%20ram&sort=top')),
    [old.id, tied.id],
    'a search with an explicit sort',
  )
})

t.test('my votes show in lists', async (t) => {
  const page = await list('sort=top', voters[0])
  t.same(
    page.items.map((i) => i.myVotes),
    [2, 1, 3],
  )
})

t.test('cursor pages neither repeat nor skip, even while votes change', async (t) => {
  const f = await factories.forum({ slug: 'paging', voteBudget: 1000, maxVotesPerIdea: 100 })
  const many = []
  for (let i = 0; i < 23; i++)
    many.push(await factories.idea(f.id, author.id, { title: `Paged idea ${i}` }))
  const fan = await factories.user()
  for (const [i, idea] of many.entries()) await vote(fan, idea.id, 1 + (i % 5))
  for (const sort of ['top', 'new', 'hot', 'trending']) {
    const seen: number[] = []
    let moved: number | undefined
    let cursor: string | null = null
    do {
      const res = await injectAs(null, {
        url: `/api/v1/forums/paging/ideas?sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      })
      const page = res.json() as { items: { id: number }[]; nextCursor: string | null }
      seen.push(...ids(page))
      cursor = page.nextCursor
      if (moved === undefined) {
        // An idea already shown drops to the bottom. With offset paging every idea after it would
        // shift up one place and one would be skipped; a keyset cursor is not affected.
        moved = seen[0]!
        await vote(fan, moved, 0)
      }
    } while (cursor)
    const unchanged = many.map((i) => i.id).filter((id) => id !== moved)
    for (const id of unchanged) {
      if (seen.filter((s) => s === id).length !== 1)
        t.fail(`${sort}: idea ${id} seen ${seen.filter((s) => s === id).length} times`)
    }
    t.ok(seen.length >= 23, `${sort}: all ${unchanged.length} unchanged ideas exactly once`)
    await vote(fan, moved!, 3)
  }
  const bad = await injectAs(null, { url: '/api/v1/forums/paging/ideas?sort=top&cursor=WzVd' })
  t.equal(bad.statusCode, 400, 'a cursor of another sort is refused')
  const wrongType = Buffer.from(JSON.stringify(['x', 1, 2])).toString('base64url')
  t.equal(
    (await injectAs(null, { url: `/api/v1/forums/paging/ideas?cursor=${wrongType}` })).statusCode,
    400,
  )
  const huge = Buffer.from(JSON.stringify([1e300, 1, 2])).toString('base64url')
  t.equal(
    (await injectAs(null, { url: `/api/v1/forums/paging/ideas?cursor=${huge}` })).statusCode,
    400,
  )
})
