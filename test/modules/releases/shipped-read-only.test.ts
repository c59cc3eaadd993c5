// A shipped release is history: its features are not edited, moved or linked to more ideas, and
// an idea it completed cannot be reopened into limbo (linked to a shipped feature, out of triage,
// never promotable again).
import t from 'tap'
import { build } from '../../helper.ts'

const { injectAs, factories } = await build(t)
const coordinator = await factories.user('coordinator')
const developer = await factories.user('developer')
const forum = await factories.forum()

async function release(name: string) {
  const res = await injectAs(coordinator, {
    method: 'POST',
    url: `/api/v1/forums/${forum.slug}/releases`,
    payload: { name, featureFreezeAt: '2099-01-01T00:00:00Z', releaseAt: '2099-02-01T00:00:00Z' },
  })
  return res.json() as { id: number }
}

const shipped = await release('shipped')
const open = await release('open')
const done = await factories.idea(forum.id, coordinator.id)
const feature = (
  await injectAs(coordinator, {
    method: 'POST',
    url: `/api/v1/ideas/${done.id}/promote`,
    payload: { releaseId: shipped.id, prognosis: 'done' },
  })
).json() as { id: number }
const ship = await injectAs(coordinator, {
  method: 'POST',
  url: `/api/v1/releases/${shipped.id}/ship`,
})
t.equal(ship.statusCode, 200)

t.test('a feature of a shipped release cannot be edited, moved or linked', async (t) => {
  const edits = [
    { title: 'Rewritten history' },
    { prognosis: 'poor' },
    { releaseId: open.id },
    { releaseId: null },
  ]
  for (const payload of edits) {
    const res = await injectAs(coordinator, {
      method: 'PATCH',
      url: `/api/v1/features/${feature.id}`,
      payload,
    })
    t.equal(res.statusCode, 409, JSON.stringify(payload))
    t.equal(res.json().code, 'INVALID_TRANSITION')
  }
  const another = await factories.idea(forum.id, coordinator.id)
  const link = await injectAs(coordinator, {
    method: 'POST',
    url: `/api/v1/features/${feature.id}/ideas`,
    payload: { ideaId: another.id },
  })
  t.equal(link.statusCode, 409)
  const now = (await injectAs(null, { url: `/api/v1/releases/${shipped.id}` })).json()
  t.match(now.features[0], { title: done.title, prognosis: 'done', releaseId: shipped.id })
})

t.test('a feature of another release cannot move into a shipped one', async (t) => {
  const other = (
    await injectAs(coordinator, {
      method: 'POST',
      url: `/api/v1/releases/${open.id}/features`,
      payload: { title: 'Still in the works' },
    })
  ).json() as { id: number }
  const res = await injectAs(coordinator, {
    method: 'PATCH',
    url: `/api/v1/features/${other.id}`,
    payload: { releaseId: shipped.id, exception: { reason: 'late' } },
  })
  t.equal(res.statusCode, 409)
})

t.test('an idea completed by the ship cannot be reopened or changed', async (t) => {
  for (const status of ['open', 'under_review', 'declined']) {
    const res = await injectAs(developer, {
      method: 'POST',
      url: `/api/v1/ideas/${done.id}/status`,
      payload: { status },
    })
    t.equal(res.statusCode, 409, status)
    t.match(res.json().message, /shipped in release shipped/)
  }
  const idea = (await injectAs(null, { url: `/api/v1/ideas/${done.id}` })).json()
  t.equal(idea.status, 'completed')
})

t.test('an idea completed by hand (no shipped feature) can still be reopened', async (t) => {
  const idea = await factories.idea(forum.id, coordinator.id)
  for (const status of ['completed', 'open']) {
    const res = await injectAs(developer, {
      method: 'POST',
      url: `/api/v1/ideas/${idea.id}/status`,
      payload: { status },
    })
    t.equal(res.statusCode, 200, status)
  }
})
