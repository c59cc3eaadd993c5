// Possible duplicates in triage are kept between pages, and stay true as titles come, change and
// close: a new or retitled idea refreshes the hints of the ideas similar to it.
import t from 'tap'
import { build } from '../../helper.ts'

const { injectAs, factories } = await build(t)
const developer = await factories.user('developer')
const member = await factories.user()
const forum = await factories.forum({ slug: 'dups' })
const other = await factories.forum({ slug: 'elsewhere' })
const a = await factories.idea(forum.id, member.id, { title: 'Live migration of guests' })
await factories.idea(other.id, member.id, { title: 'Live migration of guests' })

const duplicatesOf = async (id: number): Promise<number[]> => {
  const res = await injectAs(developer, { url: '/api/v1/forums/dups/triage?limit=100' })
  t.equal(res.statusCode, 200)
  const rows = res.json().items as { idea: { id: number }; possibleDuplicates: number[] }[]
  return rows.find((r) => r.idea.id === id)?.possibleDuplicates ?? []
}
const create = async (title: string): Promise<number> => {
  const res = await injectAs(member, {
    method: 'POST',
    url: '/api/v1/forums/dups/ideas',
    payload: { title },
  })
  t.equal(res.statusCode, 201)
  return res.json().id
}

t.test('a new similar idea appears in the hints of the ideas it resembles', async (t) => {
  t.same(await duplicatesOf(a.id), [], 'nothing similar yet (the other forum does not count)')
  const b = await create('Live migration of guests between hosts')
  t.same(await duplicatesOf(a.id), [b], 'the kept hint was refreshed')
  t.same(await duplicatesOf(b), [a.id])
  await create('Dark mode for the console')
  t.same(await duplicatesOf(a.id), [b], 'an unrelated idea changes nothing')

  t.test('a retitled idea leaves the hints it no longer belongs to', async (t) => {
    const res = await injectAs(member, {
      method: 'PATCH',
      url: `/api/v1/ideas/${b}`,
      payload: { title: 'Faster boot of small guests' },
    })
    t.equal(res.statusCode, 200)
    t.same(await duplicatesOf(a.id), [])
    t.same(await duplicatesOf(b), [])
  })

  t.test('closed ideas are not offered as duplicates; reopened ones are again', async (t) => {
    const c = await create('Live migration of guests, please')
    t.same(await duplicatesOf(a.id), [c])
    const close = await injectAs(developer, {
      method: 'POST',
      url: `/api/v1/ideas/${c}/status`,
      payload: { status: 'declined' },
    })
    t.equal(close.statusCode, 200)
    t.same(await duplicatesOf(a.id), [])
    await injectAs(developer, {
      method: 'POST',
      url: `/api/v1/ideas/${c}/status`,
      payload: { status: 'open' },
    })
    t.same(await duplicatesOf(a.id), [c])
  })
})
