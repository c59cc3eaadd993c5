// Trending counts the votes an idea gained in the last 7 days — but not the votes a close gave
// back: after a reopening, an idea trends only with the votes it gains from then on.
import t from 'tap'
import { build } from '../../helper.ts'

let now = new Date('2026-03-01T12:00:00Z')
const later = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000))
const { injectAs, factories, vote } = await build(t, { clock: { now: () => now } })
const author = await factories.user()
const developer = await factories.user('developer')
const [ana, bo, cy] = await Promise.all([1, 2, 3].map(() => factories.user()))
const forum = await factories.forum({ slug: 'trend', voteBudget: 10 })
const ago = (days: number) => new Date(now.getTime() - days * 86_400_000)
const reopened = await factories.idea(forum.id, author.id, {
  title: 'Reopened',
  createdAt: ago(30),
})
const steady = await factories.idea(forum.id, author.id, { title: 'Steady', createdAt: ago(30) })
const quiet = await factories.idea(forum.id, author.id, { title: 'Quiet', createdAt: ago(30) })

const trending = async () => {
  const res = await injectAs(null, { url: '/api/v1/forums/trend/ideas?sort=trending' })
  t.equal(res.statusCode, 200)
  return (res.json().items as { id: number }[]).map((i) => i.id)
}
const setStatus = async (status: string) => {
  later(1)
  const res = await injectAs(developer, {
    method: 'POST',
    url: `/api/v1/ideas/${reopened.id}/status`,
    payload: { status },
  })
  t.equal(res.statusCode, 200)
}

t.test('votes from before a reopening do not trend', async (t) => {
  later(1)
  t.equal((await vote(ana!, reopened.id, 3)).statusCode, 200)
  t.equal((await vote(bo!, reopened.id, 3)).statusCode, 200)
  t.equal((await vote(cy!, steady.id, 2)).statusCode, 200)
  t.same(await trending(), [reopened.id, steady.id, quiet.id], '6 gained before 2 before 0')

  await setStatus('declined')
  await setStatus('open')
  t.same(await trending(), [steady.id, reopened.id, quiet.id], 'the 6 from before do not count')

  later(1)
  t.equal((await vote(cy!, reopened.id, 3)).statusCode, 200)
  t.same(await trending(), [reopened.id, steady.id, quiet.id], 'the 3 gained since do')

  later(8 * 24 * 60)
  t.same(
    await trending(),
    [reopened.id, steady.id, quiet.id],
    'a week later nothing has been gained: ties go by votes (3 since the reopening, 2, 0)',
  )
})
