// Values are validated after they are normalised (trimmed, rounded): input that passes the schema
// but would break a CHECK once normalised is a 400 that changes nothing, never a 500.
import t, { type Test } from 'tap'
import { build } from '../helper.ts'

const { injectAs, factories, db } = await build(t)
const member = await factories.user()
const developer = await factories.user('developer')
const coordinator = await factories.user('coordinator')
const forum = await factories.forum()
const idea = await factories.idea(forum.id, member.id)

async function refused(
  t: Test,
  res: { statusCode: number; json(): { code: string } },
  why: string,
) {
  t.equal(res.statusCode, 400, why)
  t.equal(res.json().code, 'VALIDATION_FAILED', why)
}

t.test('a title that trims below 3 characters is refused, on create and on edit', async (t) => {
  const before = await db.selectFrom('ideas').select(db.fn.countAll().as('n')).executeTakeFirst()
  await refused(
    t,
    await injectAs(member, {
      method: 'POST',
      url: `/api/v1/forums/${forum.slug}/ideas`,
      payload: { title: '   ab     ' },
    }),
    'create',
  )
  const after = await db.selectFrom('ideas').select(db.fn.countAll().as('n')).executeTakeFirst()
  t.same(after, before, 'nothing created')
  await refused(
    t,
    await injectAs(member, {
      method: 'PATCH',
      url: `/api/v1/ideas/${idea.id}`,
      payload: { title: ' x ' },
    }),
    'edit',
  )
  const kept = (await injectAs(null, { url: `/api/v1/ideas/${idea.id}` })).json()
  t.equal(kept.title, idea.title, 'nothing changed')
})

t.test('effort and capacity that round to 0 are refused', async (t) => {
  await refused(
    t,
    await injectAs(developer, {
      method: 'PATCH',
      url: `/api/v1/ideas/${idea.id}/triage`,
      payload: { effort: 0.04 },
    }),
    'triage effort',
  )
  await refused(
    t,
    await injectAs(coordinator, {
      method: 'POST',
      url: `/api/v1/forums/${forum.slug}/releases`,
      payload: {
        name: 'tiny',
        featureFreezeAt: '2099-01-01T00:00:00Z',
        releaseAt: '2099-02-01T00:00:00Z',
        capacity: 0.04,
      },
    }),
    'release capacity',
  )
  const release = (
    await injectAs(coordinator, {
      method: 'POST',
      url: `/api/v1/forums/${forum.slug}/releases`,
      payload: {
        name: 'ok',
        featureFreezeAt: '2099-01-01T00:00:00Z',
        releaseAt: '2099-02-01T00:00:00Z',
      },
    })
  ).json() as { id: number }
  await refused(
    t,
    await injectAs(coordinator, {
      method: 'PATCH',
      url: `/api/v1/releases/${release.id}`,
      payload: { capacity: 0.01 },
    }),
    'release capacity on edit',
  )
  await refused(
    t,
    await injectAs(coordinator, {
      method: 'POST',
      url: `/api/v1/releases/${release.id}/features`,
      payload: { title: 'Feature', effort: 0.02 },
    }),
    'feature effort',
  )
  const rounded = await injectAs(developer, {
    method: 'PATCH',
    url: `/api/v1/ideas/${idea.id}/triage`,
    payload: { effort: 0.06 },
  })
  t.equal(rounded.json().effort, 0.1, 'what rounds to a tenth is kept')
})

t.test('a CHECK violation that slips past a service is a 400, not a 500', async (t) => {
  const { toApiError } = await import('../../src/plugins/error-handler.ts')
  const err = Object.assign(new Error('new row violates check constraint'), { code: '23514' })
  t.match(toApiError(err as never), { statusCode: 400, code: 'VALIDATION_FAILED' })
})
