import t from 'tap'
import { build } from '../../helper.ts'

let now = new Date('2013-01-15T12:00:00Z')
const { injectAs, factories, vote, assertConsistent } = await build(t, {
  clock: { now: () => now },
})
const coordinator = await factories.user('coordinator', { displayName: 'George' })
const developer = await factories.user('developer', { displayName: 'Dev' })
const member = await factories.user('member')
const forum = await factories.forum({ slug: 'xen' })
const perf = await factories.category(forum.id, 'Performance')

const milestones = {
  featureFreezeAt: '2013-03-25T00:00:00Z',
  codeFreezeAt: '2013-04-15T00:00:00Z',
  firstRcAt: '2013-05-06T00:00:00Z',
  releaseAt: '2013-06-17T00:00:00Z',
}
const createRelease = (payload: object, who = coordinator) =>
  injectAs(who, { method: 'POST', url: '/api/v1/forums/xen/releases', payload })
const promote = (ideaId: number, payload: object, who = coordinator) =>
  injectAs(who, { method: 'POST', url: `/api/v1/ideas/${ideaId}/promote`, payload })

t.test('coordinators create releases; the phase follows the dates', async (t) => {
  const res = await createRelease({ name: '4.3', ...milestones, capacity: 40 })
  t.equal(res.statusCode, 201)
  t.match(res.json(), {
    id: Number,
    forumSlug: 'xen',
    name: '4.3',
    phase: 'planning',
    featureFreezeAt: '2013-03-25T00:00:00.000Z',
    codeFreezeAt: '2013-04-15T00:00:00.000Z',
    firstRcAt: '2013-05-06T00:00:00.000Z',
    releaseAt: '2013-06-17T00:00:00.000Z',
    releasedAt: null,
    capacity: 40,
    slips: [],
    features: [],
  })
  const id = res.json().id
  const phaseAt = async (iso: string) => {
    now = new Date(iso)
    return (await injectAs(null, { url: `/api/v1/releases/${id}` })).json().phase
  }
  t.equal(await phaseAt('2013-03-25T00:00:00Z'), 'frozen')
  t.equal(await phaseAt('2013-04-20T00:00:00Z'), 'frozen', 'still frozen after the code freeze')
  t.equal(await phaseAt('2013-05-06T00:00:01Z'), 'rc')
  now = new Date('2013-01-15T12:00:00Z')
  const list = (await injectAs(null, { url: '/api/v1/forums/xen/releases' })).json()
  t.same(
    list.items.map((r: { name: string }) => r.name),
    ['4.3'],
  )
})

t.test('release validation and access', async (t) => {
  t.equal((await createRelease({ name: 'x', ...milestones }, developer)).statusCode, 403)
  t.equal(
    (
      await injectAs(null, {
        method: 'POST',
        url: '/api/v1/forums/xen/releases',
        payload: { name: 'x', ...milestones },
      })
    ).statusCode,
    401,
  )
  const outOfOrder = await createRelease({
    name: 'bad',
    ...milestones,
    codeFreezeAt: '2013-03-01T00:00:00Z',
  })
  t.equal(outOfOrder.statusCode, 400)
  t.equal(outOfOrder.json().code, 'VALIDATION_FAILED')
  t.equal(
    (
      await createRelease({
        name: 'bad2',
        featureFreezeAt: '2013-06-01T00:00:00Z',
        releaseAt: '2013-05-01T00:00:00Z',
      })
    ).statusCode,
    400,
  )
  t.equal(
    (await createRelease({ name: 'nodate', releaseAt: '2013-05-01T00:00:00Z' })).statusCode,
    400,
  )
  t.equal(
    (
      await createRelease({
        name: 'baddate',
        featureFreezeAt: 'tomorrow',
        releaseAt: '2013-05-01T00:00:00Z',
      })
    ).statusCode,
    400,
  )
  const dup = await createRelease({ name: '4.3', ...milestones })
  t.equal(dup.statusCode, 409)
  t.equal(dup.json().code, 'CONFLICT')
  const past = await createRelease({
    name: '4.2',
    featureFreezeAt: '2012-01-01T00:00:00Z',
    releaseAt: '2012-09-17T00:00:00Z',
  })
  t.equal(past.statusCode, 201, 'milestones may lie in the past')
  t.equal((await injectAs(null, { url: '/api/v1/releases/9999999' })).statusCode, 404)
})

t.test('moving the release date later records a slip', async (t) => {
  const r = (await createRelease({ name: 'slippy', ...milestones })).json()
  const patch = (payload: object, who = coordinator) =>
    injectAs(who, { method: 'PATCH', url: `/api/v1/releases/${r.id}`, payload })
  const slipped = await patch({
    releaseAt: '2013-07-01T00:00:00Z',
    slipReason: 'Waiting for qemu 1.5',
  })
  t.equal(slipped.statusCode, 200)
  t.match(slipped.json().slips, [
    {
      from: '2013-06-17T00:00:00.000Z',
      to: '2013-07-01T00:00:00.000Z',
      reason: 'Waiting for qemu 1.5',
      at: String,
    },
  ])
  const earlier = await patch({ releaseAt: '2013-06-24T00:00:00Z' })
  t.equal(earlier.json().slips.length, 1, 'moving it earlier is not a slip')
  t.match((await patch({ capacity: 12.5, codeFreezeAt: null })).json(), {
    capacity: 12.5,
    codeFreezeAt: null,
  })
  t.equal((await patch({ firstRcAt: '2013-01-01T00:00:00Z' })).statusCode, 400, 'out of order')
  t.equal((await patch({ capacity: 1 }, developer)).statusCode, 403)
  t.equal((await patch({})).statusCode, 400)
})

t.test('promote: the idea becomes a planned feature, grouped under its category', async (t) => {
  const release = (await createRelease({ name: '4.4', ...milestones })).json()
  const idea = await factories.idea(forum.id, member.id, {
    title: 'Persistent grants',
    categoryId: perf.id,
    body: 'Reuse grant mappings',
  })
  await vote(member, idea.id, 3)
  const res = await promote(idea.id, {
    releaseId: release.id,
    ownerId: developer.id,
    prognosis: 'good',
  })
  t.equal(res.statusCode, 201)
  t.match(res.json(), {
    id: Number,
    releaseId: release.id,
    title: 'Persistent grants',
    description: 'Reuse grant mappings',
    group: 'Performance',
    owner: { id: developer.id, displayName: 'Dev' },
    status: '',
    prognosis: 'good',
    external: false,
    techPreview: false,
    ideas: [{ id: idea.id, title: 'Persistent grants', votes: 3, voters: 1 }],
    demand: { votes: 3, voters: 1 },
    exception: null,
  })
  const after = (await injectAs(member, { url: `/api/v1/ideas/${idea.id}` })).json()
  t.match(
    after,
    { status: 'planned', featureId: res.json().id, votes: 3, myVotes: 3 },
    'planned; votes stay placed',
  )
  t.equal(
    (await promote(idea.id, { releaseId: release.id })).json().code,
    'INVALID_TRANSITION',
    'promoting twice',
  )
  const onBoard = (await injectAs(null, { url: `/api/v1/releases/${release.id}` })).json()
  t.equal(onBoard.features.length, 1)
  await assertConsistent(t)
})

t.test('promote validation', async (t) => {
  const release = (await createRelease({ name: '4.5', ...milestones })).json()
  const idea = await factories.idea(forum.id, member.id)
  t.equal((await promote(idea.id, { releaseId: release.id }, developer)).statusCode, 403)
  t.equal((await promote(idea.id, { releaseId: 999999 })).statusCode, 404)
  t.equal((await promote(999999, { releaseId: release.id })).statusCode, 404)
  t.equal((await promote(idea.id, { releaseId: release.id, ownerId: 999999 })).statusCode, 400)
  t.equal(
    (await promote(idea.id, { releaseId: release.id, ownerId: developer.id, ownerName: 'Both' }))
      .statusCode,
    400,
  )
  t.equal((await promote(idea.id, { releaseId: release.id, prognosis: 'maybe' })).statusCode, 400)
  const other = await factories.forum()
  const foreign = (
    await injectAs(coordinator, {
      method: 'POST',
      url: `/api/v1/forums/${other.slug}/releases`,
      payload: { name: '1.0', ...milestones },
    })
  ).json()
  t.equal((await promote(idea.id, { releaseId: foreign.id })).json().code, 'INVALID_TRANSITION')
  const declined = await factories.idea(forum.id, member.id)
  await injectAs(developer, {
    method: 'POST',
    url: `/api/v1/ideas/${declined.id}/status`,
    payload: { status: 'declined' },
  })
  t.equal((await promote(declined.id, { releaseId: release.id })).json().code, 'INVALID_TRANSITION')
  const named = await promote(idea.id, {
    releaseId: release.id,
    ownerName: 'Konrad (Oracle)',
    title: 'PVH',
    group: 'New features',
  })
  t.match(named.json(), {
    title: 'PVH',
    owner: { name: 'Konrad (Oracle)' },
    group: 'New features',
    prognosis: 'good',
  })
  const noCategory = await factories.idea(forum.id, member.id)
  t.match((await promote(noCategory.id, { releaseId: release.id })).json(), {
    group: 'Other',
    owner: null,
  })
})

t.test(
  'the feature freeze: 409 RELEASE_FROZEN without an exception; recorded with one',
  async (t) => {
    const release = (await createRelease({ name: '4.6', ...milestones })).json()
    const idea = await factories.idea(forum.id, member.id)
    now = new Date('2013-04-01T00:00:00Z')
    const refused = await promote(idea.id, { releaseId: release.id })
    t.equal(refused.statusCode, 409)
    t.equal(refused.json().code, 'RELEASE_FROZEN')
    t.equal(
      (await injectAs(null, { url: `/api/v1/ideas/${idea.id}` })).json().status,
      'open',
      'nothing changed',
    )
    const created = await injectAs(coordinator, {
      method: 'POST',
      url: `/api/v1/releases/${release.id}/features`,
      payload: { title: 'Late thing' },
    })
    t.equal(created.json().code, 'RELEASE_FROZEN')
    const allowed = await promote(idea.id, {
      releaseId: release.id,
      exception: { reason: 'Tiny, low risk, asked for by 40 users' },
    })
    t.equal(allowed.statusCode, 201)
    t.same(allowed.json().exception, {
      reason: 'Tiny, low risk, asked for by 40 users',
      at: '2013-04-01T00:00:00.000Z',
    })
    const backlog = await injectAs(coordinator, {
      method: 'PATCH',
      url: `/api/v1/features/${allowed.json().id}`,
      payload: { releaseId: null },
    })
    t.match(backlog.json(), { releaseId: null, exception: null })
    const back = await injectAs(coordinator, {
      method: 'PATCH',
      url: `/api/v1/features/${allowed.json().id}`,
      payload: { releaseId: release.id },
    })
    t.equal(
      back.json().code,
      'RELEASE_FROZEN',
      'moving into a frozen release needs an exception too',
    )
    const withReason = await injectAs(coordinator, {
      method: 'PATCH',
      url: `/api/v1/features/${allowed.json().id}`,
      payload: { releaseId: release.id, exception: { reason: 'Back in' } },
    })
    t.match(withReason.json(), { releaseId: release.id, exception: { reason: 'Back in' } })
    now = new Date('2013-01-15T12:00:00Z')
  },
)

t.test('features: created directly, linked ideas, demand counts each voter once', async (t) => {
  const release = (await createRelease({ name: '4.7', ...milestones })).json()
  const created = await injectAs(coordinator, {
    method: 'POST',
    url: `/api/v1/releases/${release.id}/features`,
    payload: {
      title: 'Event channel scalability',
      group: 'Scalability',
      ownerName: 'David',
      external: true,
      techPreview: true,
      effort: 6,
      status: 'RFC v5 posted',
      prognosis: 'fair',
    },
  })
  t.equal(created.statusCode, 201)
  const feature = created.json()
  t.match(feature, {
    group: 'Scalability',
    owner: { name: 'David' },
    external: true,
    techPreview: true,
    effort: 6,
    prognosis: 'fair',
    ideas: [],
    demand: { votes: 0, voters: 0 },
  })
  const [a, b] = [
    await factories.idea(forum.id, member.id),
    await factories.idea(forum.id, member.id),
  ]
  const [v1, v2] = [await factories.user(), await factories.user()]
  await vote(v1, a.id, 2)
  await vote(v1, b.id, 3)
  await vote(v2, b.id, 1)
  const link = (ideaId: number, who = coordinator) =>
    injectAs(who, {
      method: 'POST',
      url: `/api/v1/features/${feature.id}/ideas`,
      payload: { ideaId },
    })
  t.equal((await link(a.id)).statusCode, 200)
  const linked = (await link(b.id)).json()
  t.same(linked.demand, { votes: 6, voters: 2 }, 'v1 voted for both ideas but counts once')
  t.equal(linked.ideas.length, 2)
  t.equal((await link(b.id)).statusCode, 200, 'linking again is harmless')
  t.equal((await link(a.id, developer)).statusCode, 403)
  t.equal((await injectAs(null, { url: `/api/v1/ideas/${a.id}` })).json().status, 'planned')
  const history = (await injectAs(null, { url: `/api/v1/features/${feature.id}/history` })).json()
  t.ok(history.items.length >= 3, 'creation and links are in the history')
})

t.test(
  'feature updates: the coordinator changes anything, the owner status and prognosis only',
  async (t) => {
    const release = (await createRelease({ name: '4.8', ...milestones })).json()
    const owner = await factories.user('member', { displayName: 'Owner' })
    const feature = (
      await injectAs(coordinator, {
        method: 'POST',
        url: `/api/v1/releases/${release.id}/features`,
        payload: { title: 'NUMA', ownerId: owner.id },
      })
    ).json()
    const patch = (who: { token: string } | null, payload: object) =>
      injectAs(who, { method: 'PATCH', url: `/api/v1/features/${feature.id}`, payload })
    t.match((await patch(owner, { status: 'patches posted', prognosis: 'excellent' })).json(), {
      status: 'patches posted',
      prognosis: 'excellent',
    })
    t.equal((await patch(owner, { title: 'Renamed' })).statusCode, 403)
    t.equal((await patch(member, { status: 'hijack' })).statusCode, 403)
    t.equal((await patch(null, { status: 'anon' })).statusCode, 401)
    t.match(
      (
        await patch(coordinator, {
          title: 'NUMA affinity',
          group: 'Performance',
          ownerName: 'Dario',
          effort: null,
        })
      ).json(),
      { title: 'NUMA affinity', group: 'Performance', owner: { name: 'Dario' } },
    )
    const history = (await injectAs(null, { url: `/api/v1/features/${feature.id}/history` })).json()
    t.match(history.items[1], {
      actor: { id: owner.id },
      changes: { status: ['', 'patches posted'], prognosis: ['good', 'excellent'] },
    })
    t.equal((await patch(coordinator, { releaseId: 999999 })).statusCode, 404)
    t.equal((await injectAs(null, { url: '/api/v1/features/999999' })).statusCode, 404)
  },
)
