import t from 'tap'
import { build } from '../../helper.ts'

const { injectAs, factories, vote, assertConsistent } = await build(t)
const admin = await factories.user('admin')
const developer = await factories.user('developer')
const member = await factories.user()
const other = await factories.user()
const forum = await factories.forum({ slug: 'xen' })
const perf = await factories.category(forum.id, 'Performance')

const create = (who: { token: string } | null, payload: object, slug = 'xen') =>
  injectAs(who, { method: 'POST', url: `/api/v1/forums/${slug}/ideas`, payload })

t.test('members suggest ideas; the body is kept exactly as given', async (t) => {
  const body = '<script>alert(1)</script>\n\n**Markdown** stays as typed.'
  const res = await create(member, {
    title: '  Raise event channel limits ',
    body,
    categoryId: perf.id,
  })
  t.equal(res.statusCode, 201)
  const idea = res.json()
  t.match(idea, {
    id: Number,
    forumSlug: 'xen',
    title: 'Raise event channel limits',
    body,
    status: 'open',
    category: { id: perf.id, name: 'Performance' },
    author: { id: member.id, displayName: member.displayName },
    votes: 0,
    voters: 0,
    myVotes: 0,
    response: null,
    mergedInto: null,
    featureId: null,
    effort: null,
    createdAt: String,
    updatedAt: String,
  })
  t.notOk('email' in idea.author, 'authors are shown as {id, displayName} only')
  const read = await injectAs(null, { url: `/api/v1/ideas/${idea.id}` })
  t.equal(read.statusCode, 200)
  t.equal(read.json().body, body)
})

t.test('creating validates input and needs an account', async (t) => {
  t.equal((await create(null, { title: 'Anonymous idea' })).statusCode, 401)
  for (const payload of [
    { title: 'ab' },
    { title: 'x'.repeat(141) },
    { title: 'ok title', body: 'b'.repeat(10001) },
    { body: 'no title' },
    { title: '   ' },
  ]) {
    const res = await create(member, payload)
    t.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 40))
    t.equal(res.json().code, 'VALIDATION_FAILED')
  }
  const elsewhere = await factories.forum()
  const foreign = await factories.category(elsewhere.id)
  const wrongCat = await create(member, { title: 'Wrong category', categoryId: foreign.id })
  t.equal(wrongCat.statusCode, 400)
  t.match(wrongCat.json().details, [{ path: '/body/categoryId' }])
  t.equal((await create(member, { title: 'No such forum' }, 'nope')).statusCode, 404)
})

t.test('the author or a developer edits; others may not', async (t) => {
  const idea = (await create(member, { title: 'Blktap3 for pvops', categoryId: perf.id })).json()
  const patch = (who: { token: string } | null, payload: object) =>
    injectAs(who, { method: 'PATCH', url: `/api/v1/ideas/${idea.id}`, payload })
  t.match((await patch(member, { body: 'Fully user-space' })).json(), {
    body: 'Fully user-space',
    title: 'Blktap3 for pvops',
  })
  t.match(
    (await patch(developer, { title: 'Blktap3: blktap for pvops', categoryId: null })).json(),
    { title: 'Blktap3: blktap for pvops', category: null },
  )
  t.equal((await patch(other, { title: 'Hijacked' })).statusCode, 403)
  t.equal((await patch(null, { title: 'Hijacked' })).statusCode, 401)
  t.equal((await patch(member, {})).statusCode, 400)
  t.equal(
    (
      await injectAs(member, {
        method: 'PATCH',
        url: '/api/v1/ideas/9999999',
        payload: { title: 'nope' },
      })
    ).statusCode,
    404,
  )
  t.equal(
    (await injectAs(null, { url: `/api/v1/ideas/${idea.id}` })).json().title,
    'Blktap3: blktap for pvops',
  )
})

t.test('the author or an admin deletes; deleted ideas disappear and return votes', async (t) => {
  const idea = (await create(member, { title: 'Delete me later' })).json()
  await vote(other, idea.id, 2)
  t.equal(
    (await injectAs(other, { method: 'DELETE', url: `/api/v1/ideas/${idea.id}` })).statusCode,
    403,
  )
  t.equal(
    (await injectAs(developer, { method: 'DELETE', url: `/api/v1/ideas/${idea.id}` })).statusCode,
    403,
    'developers decline instead',
  )
  t.equal(
    (await injectAs(member, { method: 'DELETE', url: `/api/v1/ideas/${idea.id}` })).statusCode,
    204,
  )
  t.equal((await injectAs(null, { url: `/api/v1/ideas/${idea.id}` })).statusCode, 404)
  t.equal(
    (await injectAs(member, { method: 'DELETE', url: `/api/v1/ideas/${idea.id}` })).statusCode,
    404,
  )
  const budget = (await injectAs(other, { url: '/api/v1/forums/xen/budget' })).json()
  t.notOk(budget.ballots.some((b: { ideaId: number }) => b.ideaId === idea.id))
  const list = (
    await injectAs(null, {
      url: '/api/v1/forums/xen/ideas?status=open,completed,declined,merged&limit=100',
    })
  ).json()
  t.notOk(
    list.items.some((i: { id: number }) => i.id === idea.id),
    'hidden from lists',
  )
  const byAdmin = (await create(member, { title: 'Admin removes this' })).json()
  t.equal(
    (await injectAs(admin, { method: 'DELETE', url: `/api/v1/ideas/${byAdmin.id}` })).statusCode,
    204,
  )
  await assertConsistent(t)
})

t.test('developers set statuses with official responses; history is kept', async (t) => {
  const idea = (await create(member, { title: 'Nested virtualization' })).json()
  const status = (who: { token: string } | null, payload: object) =>
    injectAs(who, { method: 'POST', url: `/api/v1/ideas/${idea.id}/status`, payload })
  t.equal((await status(member, { status: 'planned' })).statusCode, 403)
  t.equal((await status(null, { status: 'planned' })).statusCode, 401)
  t.equal(
    (await status(developer, { status: 'merged' })).statusCode,
    400,
    'merged has its own endpoint',
  )
  t.equal((await status(developer, { status: 'deleted' })).statusCode, 400)
  const reviewed = (
    await status(developer, { status: 'under_review', response: 'Looking at it for 4.3' })
  ).json()
  t.match(reviewed, {
    status: 'under_review',
    response: { text: 'Looking at it for 4.3', author: { id: developer.id }, at: String },
  })
  const started = (await status(developer, { status: 'started' })).json()
  t.equal(
    started.response.text,
    'Looking at it for 4.3',
    'a status change without a response keeps the last one',
  )
  const history = (await injectAs(null, { url: `/api/v1/ideas/${idea.id}/history` })).json()
  t.match(history.items, [
    { from: null, to: 'open', actor: { id: member.id } },
    {
      from: 'open',
      to: 'under_review',
      response: 'Looking at it for 4.3',
      actor: { id: developer.id },
    },
    { from: 'under_review', to: 'started', response: null },
  ])
  t.equal((await injectAs(null, { url: '/api/v1/ideas/9999999/history' })).statusCode, 404)
})

t.test('merge: duplicates fold into the target within budgets', async (t) => {
  const forum2 = await factories.forum({ voteBudget: 6, maxVotesPerIdea: 3 })
  const a = await factories.idea(forum2.id, member.id, { title: 'Default to qemu-upstream' })
  const b = await factories.idea(forum2.id, member.id, { title: 'Use upstream qemu by default' })
  const filler = await factories.idea(forum2.id, member.id)
  const [u1, u2, u3] = [await factories.user(), await factories.user(), await factories.user()]
  await vote(u1, a.id, 2) // gets min(3, 2 + 0) = 2 on b
  await vote(u2, a.id, 3) //
  await vote(u2, b.id, 2) // min(3, 3 + 2) = 3 on b: capped, the rest returned
  await vote(u3, a.id, 2) //
  await vote(u3, filler.id, 3)
  await vote(u3, b.id, 1) // budget 6: spent 3 + 1 after release → b can go to 3 (cost +2) ✓
  const merged = await injectAs(developer, {
    method: 'POST',
    url: `/api/v1/ideas/${a.id}/merge`,
    payload: { intoId: b.id },
  })
  t.equal(merged.statusCode, 200)
  t.match(merged.json(), { id: b.id, votes: 2 + 3 + 3, voters: 3 })
  const from = (await injectAs(null, { url: `/api/v1/ideas/${a.id}` })).json()
  t.match(
    from,
    { status: 'merged', mergedInto: b.id, votes: 7, voters: 3 },
    'the duplicate points at the target and keeps its count',
  )
  const budget = async (u: { token: string }) =>
    (await injectAs(u, { url: `/api/v1/forums/${forum2.slug}/budget` })).json()
  t.match(await budget(u1), { spent: 2 })
  t.match(await budget(u2), { spent: 3 })
  t.match(await budget(u3), { spent: 6 })
  await assertConsistent(t)
})

t.test('merge only goes as far as the budget allows', async (t) => {
  const forum3 = await factories.forum({ voteBudget: 4, maxVotesPerIdea: 3 })
  const a = await factories.idea(forum3.id, member.id)
  const b = await factories.idea(forum3.id, member.id)
  const c = await factories.idea(forum3.id, member.id)
  const voter = await factories.user()
  await vote(voter, a.id, 2)
  await vote(voter, c.id, 2) // budget full: after releasing a, 2 left → b gets 2
  await vote(voter, b.id, 0)
  await injectAs(admin, {
    method: 'PATCH',
    url: `/api/v1/forums/${forum3.slug}`,
    payload: { voteBudget: 3 },
  })
  // Budget now 3, spent 4 (over). Releasing a leaves 2 spent → room 1: b gets 1 of the 2.
  const res = await injectAs(developer, {
    method: 'POST',
    url: `/api/v1/ideas/${a.id}/merge`,
    payload: { intoId: b.id },
  })
  t.match(res.json(), { votes: 1, voters: 1 })
  t.match((await injectAs(voter, { url: `/api/v1/forums/${forum3.slug}/budget` })).json(), {
    spent: 3,
    budget: 3,
  })
  await assertConsistent(t)
})

t.test('invalid merges are refused', async (t) => {
  const a = (await create(member, { title: 'Merge source idea' })).json()
  const closed = (await create(member, { title: 'Already declined' })).json()
  await injectAs(developer, {
    method: 'POST',
    url: `/api/v1/ideas/${closed.id}/status`,
    payload: { status: 'declined' },
  })
  const elsewhere = await factories.forum()
  const foreign = await factories.idea(elsewhere.id, member.id)
  const merge = (from: number, intoId: number, who = developer) =>
    injectAs(who, { method: 'POST', url: `/api/v1/ideas/${from}/merge`, payload: { intoId } })
  t.match((await merge(a.id, a.id)).json(), { statusCode: 409, code: 'INVALID_TRANSITION' })
  t.match((await merge(a.id, closed.id)).json(), { statusCode: 409, code: 'INVALID_TRANSITION' })
  t.match((await merge(closed.id, a.id)).json(), { statusCode: 409, code: 'INVALID_TRANSITION' })
  t.match((await merge(a.id, foreign.id)).json(), { statusCode: 409, code: 'INVALID_TRANSITION' })
  t.match((await merge(a.id, 9999999)).json(), { statusCode: 404, code: 'NOT_FOUND' })
  t.equal((await merge(a.id, closed.id, member)).statusCode, 403)
  const target = (await create(member, { title: 'Merge target idea' })).json()
  t.equal((await merge(a.id, target.id)).statusCode, 200)
  t.match((await merge(a.id, target.id)).json(), { code: 'INVALID_TRANSITION' }, 'merging twice')
  const status = await injectAs(developer, {
    method: 'POST',
    url: `/api/v1/ideas/${a.id}/status`,
    payload: { status: 'open' },
  })
  t.equal(status.json().code, 'INVALID_TRANSITION', 'a merged idea cannot be reopened')
})

t.test('effort estimates (developers)', async (t) => {
  const idea = (await create(member, { title: 'Persistent grants' })).json()
  const triage = (who: { token: string }, effort: unknown) =>
    injectAs(who, { method: 'PATCH', url: `/api/v1/ideas/${idea.id}/triage`, payload: { effort } })
  t.equal((await triage(developer, 2.5)).json().effort, 2.5)
  t.equal((await triage(developer, 1.04)).json().effort, 1, 'kept to tenths')
  t.equal((await triage(developer, 0)).statusCode, 400)
  t.equal((await triage(developer, -1)).statusCode, 400)
  t.equal((await triage(developer, 0.01)).statusCode, 400)
  t.equal((await triage(member, 3)).statusCode, 403)
  t.equal((await triage(developer, null)).json().effort, null)
})

t.test('similar titles, for duplicate hints while typing', async (t) => {
  const f = await factories.forum({ slug: 'similar' })
  const target = await factories.idea(f.id, member.id, { title: 'Raise event-channel limits' })
  await factories.idea(f.id, member.id, { title: 'NUMA guest memory migration' })
  await factories.idea(f.id, member.id, { title: 'PV audio for stub domains' })
  const res = await injectAs(null, {
    url: '/api/v1/forums/similar/ideas/similar?title=raise%20event%20chanel%20limit',
  })
  t.equal(res.statusCode, 200)
  const items = res.json().items
  t.equal(items[0]?.id, target.id)
  t.match(items[0], {
    title: 'Raise event-channel limits',
    status: 'open',
    votes: 0,
    similarity: Number,
  })
  t.ok(items.length <= 5)
  const partial = (
    await injectAs(null, { url: '/api/v1/forums/similar/ideas/similar?title=event%20chan' })
  ).json()
  t.equal(partial.items[0]?.id, target.id, 'a half-typed title finds it too')
  const none = (
    await injectAs(null, { url: '/api/v1/forums/similar/ideas/similar?title=zzzz%20qqqq' })
  ).json()
  t.same(none.items, [])
  t.equal((await injectAs(null, { url: '/api/v1/forums/similar/ideas/similar' })).statusCode, 400)
})

t.test('vote history per day', async (t) => {
  const idea = (await create(member, { title: 'Charted idea' })).json()
  await vote(member, idea.id, 2)
  await vote(other, idea.id, 1)
  const res = (await injectAs(null, { url: `/api/v1/ideas/${idea.id}/vote-history` })).json()
  t.equal(res.items.length, 1)
  t.match(res.items[0], { day: /^\d{4}-\d{2}-\d{2}$/, delta: 3 })
})
