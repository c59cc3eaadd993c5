import t from 'tap'
import { build } from '../../helper.ts'

const now = new Date('2013-06-20T12:00:00Z')
const { injectAs, factories, vote, assertConsistent } = await build(t, {
  clock: { now: () => now },
})
const coordinator = await factories.user('coordinator')
const member = await factories.user()
const forum = await factories.forum({ slug: 'ship' })

async function release(name: string) {
  const res = await injectAs(coordinator, {
    method: 'POST',
    url: '/api/v1/forums/ship/releases',
    payload: { name, featureFreezeAt: '2013-03-25T00:00:00Z', releaseAt: '2013-06-17T00:00:00Z' },
  })
  return res.json() as { id: number }
}
async function promoted(
  releaseId: number,
  prognosis: string,
  voters: { token: string; id: number }[],
) {
  const idea = await factories.idea(forum.id, member.id)
  for (const v of voters) await vote(v, idea.id, 2)
  // Before the freeze the promotion needs no exception: use one anyway, the clock is past it.
  const feature = await injectAs(coordinator, {
    method: 'POST',
    url: `/api/v1/ideas/${idea.id}/promote`,
    payload: { releaseId, prognosis, exception: { reason: 'test set-up' } },
  })
  return { idea, feature: feature.json() as { id: number } }
}
const budget = async (u: { token: string }) =>
  (await injectAs(u, { url: '/api/v1/forums/ship/budget' })).json()

t.test(
  'shipping completes done features’ ideas and moves the rest to the next release',
  async (t) => {
    const [r43, r44] = [await release('4.3'), await release('4.4')]
    const [alice, bob] = [await factories.user(), await factories.user()]
    const done = await promoted(r43.id, 'done', [alice, bob])
    const late = await promoted(r43.id, 'fair', [alice])
    const dropped = await promoted(r43.id, 'not-for-this-release', [bob])
    t.match(await budget(alice), { spent: 4 })

    const shipped = await injectAs(coordinator, {
      method: 'POST',
      url: `/api/v1/releases/${r43.id}/ship`,
      payload: { nextReleaseId: r44.id },
    })
    t.equal(shipped.statusCode, 200)
    t.match(shipped.json(), { phase: 'released', releasedAt: now.toISOString() })
    t.same(
      shipped.json().features.map((f: { id: number }) => f.id),
      [done.feature.id],
      'only done features stay with the shipped release',
    )

    const completed = (await injectAs(alice, { url: `/api/v1/ideas/${done.idea.id}` })).json()
    t.match(
      completed,
      { status: 'completed', votes: 4, voters: 2, myVotes: 0 },
      'completed, the count kept',
    )
    t.match(completed.response.text, /Shipped in 4.3/)
    t.match(
      await budget(alice),
      { spent: 2 },
      'the done idea’s votes came back; the unfinished one’s stayed',
    )
    t.match(await budget(bob), { spent: 2 })

    const next = (await injectAs(null, { url: `/api/v1/releases/${r44.id}` })).json()
    t.same(
      next.features.map((f: { id: number }) => f.id).sort(),
      [late.feature.id, dropped.feature.id].sort(),
    )
    const moved = (await injectAs(null, { url: `/api/v1/features/${late.feature.id}` })).json()
    t.match(moved, { releaseId: r44.id, demand: { votes: 2, voters: 1 } }, 'votes intact')
    const history = (
      await injectAs(null, { url: `/api/v1/features/${late.feature.id}/history` })
    ).json()
    t.match(history.items.at(-1), { changes: { release: ['4.3', '4.4'] } })
    t.equal(
      (await injectAs(null, { url: `/api/v1/ideas/${late.idea.id}` })).json().status,
      'planned',
    )

    const again = await injectAs(coordinator, {
      method: 'POST',
      url: `/api/v1/releases/${r43.id}/ship`,
      payload: {},
    })
    t.equal(again.statusCode, 409)
    t.equal(again.json().code, 'INVALID_TRANSITION')
    await assertConsistent(t)
  },
)

t.test('without a next release, unfinished features go to the backlog', async (t) => {
  const r = await release('4.5')
  const carol = await factories.user()
  const unfinished = await promoted(r.id, 'poor', [carol])
  const res = await injectAs(coordinator, { method: 'POST', url: `/api/v1/releases/${r.id}/ship` })
  t.equal(res.statusCode, 200)
  const backlog = (await injectAs(null, { url: '/api/v1/forums/ship/backlog' })).json()
  t.ok(
    backlog.items.some(
      (f: { id: number; releaseId: null }) =>
        f.id === unfinished.feature.id && f.releaseId === null,
    ),
  )
  t.match(await budget(carol), { spent: 2 }, 'votes on unfinished work stay placed')
})

t.test('shipping rules', async (t) => {
  const [r, shipped] = [await release('4.6'), await release('4.7')]
  await injectAs(coordinator, { method: 'POST', url: `/api/v1/releases/${shipped.id}/ship` })
  const toShipped = await injectAs(coordinator, {
    method: 'POST',
    url: `/api/v1/releases/${r.id}/ship`,
    payload: { nextReleaseId: shipped.id },
  })
  t.equal(toShipped.json().code, 'INVALID_TRANSITION', 'cannot carry over into a shipped release')
  const toSelf = await injectAs(coordinator, {
    method: 'POST',
    url: `/api/v1/releases/${r.id}/ship`,
    payload: { nextReleaseId: r.id },
  })
  t.equal(toSelf.json().code, 'INVALID_TRANSITION')
  t.equal(
    (
      await injectAs(coordinator, {
        method: 'POST',
        url: `/api/v1/releases/${r.id}/ship`,
        payload: { nextReleaseId: 999999 },
      })
    ).statusCode,
    404,
  )
  t.equal(
    (await injectAs(member, { method: 'POST', url: `/api/v1/releases/${r.id}/ship` })).statusCode,
    403,
  )
  t.equal(
    (await injectAs(coordinator, { method: 'POST', url: '/api/v1/releases/999999/ship' }))
      .statusCode,
    404,
  )
  t.equal(
    (await injectAs(null, { url: `/api/v1/releases/${r.id}` })).json().phase,
    'frozen',
    'nothing shipped',
  )
  const patch = await injectAs(coordinator, {
    method: 'PATCH',
    url: `/api/v1/releases/${shipped.id}`,
    payload: { capacity: 3 },
  })
  t.equal(patch.json().code, 'INVALID_TRANSITION', 'a shipped release keeps its milestones')
  const idea = await factories.idea(forum.id, member.id)
  const promote = await injectAs(coordinator, {
    method: 'POST',
    url: `/api/v1/ideas/${idea.id}/promote`,
    payload: { releaseId: shipped.id, exception: { reason: 'x' } },
  })
  t.equal(promote.json().code, 'INVALID_TRANSITION', 'nothing enters a shipped release')
})
