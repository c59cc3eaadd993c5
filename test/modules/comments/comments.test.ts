import t from 'tap'
import { build } from '../../helper.ts'

const { injectAs, factories } = await build(t)
const member = await factories.user()
const developer = await factories.user('developer')
const forum = await factories.forum()
const idea = await factories.idea(forum.id, member.id)

const post = (who: { token: string } | null, payload: object, id = idea.id) =>
  injectAs(who, { method: 'POST', url: `/api/v1/ideas/${id}/comments`, payload })

t.test('members comment; comments list oldest first, page by page', async (t) => {
  const first = await post(member, { body: 'Would help our 1000-guest hosts' })
  t.equal(first.statusCode, 201)
  t.match(first.json(), {
    id: Number,
    body: 'Would help our 1000-guest hosts',
    author: { id: member.id, displayName: member.displayName },
    official: false,
    createdAt: String,
  })
  for (let i = 0; i < 4; i++) await post(member, { body: `comment ${i}` })
  const page1 = (await injectAs(null, { url: `/api/v1/ideas/${idea.id}/comments?limit=3` })).json()
  t.equal(page1.items.length, 3)
  t.equal(page1.items[0].body, 'Would help our 1000-guest hosts')
  const page2 = (
    await injectAs(null, {
      url: `/api/v1/ideas/${idea.id}/comments?limit=3&cursor=${page1.nextCursor}`,
    })
  ).json()
  t.same(
    page2.items.map((c: { body: string }) => c.body),
    ['comment 2', 'comment 3'],
  )
  t.equal(page2.nextCursor, null)
})

t.test('only developers post official comments', async (t) => {
  const denied = await post(member, { body: 'I speak for the project', official: true })
  t.equal(denied.statusCode, 403)
  t.equal(denied.json().code, 'FORBIDDEN')
  const official = await post(developer, { body: 'Planned for 4.3', official: true })
  t.equal(official.statusCode, 201)
  t.equal(official.json().official, true)
})

t.test('comment validation and visibility', async (t) => {
  t.equal((await post(null, { body: 'anonymous' })).statusCode, 401)
  t.equal((await post(member, { body: '' })).statusCode, 400)
  t.equal((await post(member, { body: 'x'.repeat(5001) })).statusCode, 400)
  t.equal((await post(member, { body: 'ok' }, 9999999)).statusCode, 404)
  t.equal((await injectAs(null, { url: '/api/v1/ideas/9999999/comments' })).statusCode, 404)
  const gone = await factories.idea(forum.id, member.id)
  await injectAs(member, { method: 'DELETE', url: `/api/v1/ideas/${gone.id}` })
  t.equal(
    (await post(member, { body: 'too late' }, gone.id)).statusCode,
    404,
    'no comments on deleted ideas',
  )
})
