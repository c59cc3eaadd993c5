// A small world for the reliability tests: one user of each role plus a forum with an idea the
// member owns (with the member's vote on it), another member's idea, a release with capacity and
// a feature the member owns. Built through factories and the API, fresh wherever a test needs it.
import type { build } from '../helper.ts'

type Built = Awaited<ReturnType<typeof build>>

export const ROLES = ['anonymous', 'member', 'other', 'developer', 'coordinator', 'admin'] as const
export type RoleName = (typeof ROLES)[number]

export async function makeUsers(b: Built) {
  const { factories } = b
  return {
    member: await factories.user('member'),
    other: await factories.user('member'),
    developer: await factories.user('developer'),
    coordinator: await factories.user('coordinator'),
    admin: await factories.user('admin'),
  }
}
export type Users = Awaited<ReturnType<typeof makeUsers>>

export async function makeWorld(b: Built, users: Users) {
  const { factories, injectAs, vote } = b
  const forum = await factories.forum({ voteBudget: 10, maxVotesPerIdea: 3 })
  const category = await factories.category(forum.id)
  const otherCategory = await factories.category(forum.id)
  const idea = await factories.idea(forum.id, users.member.id, { categoryId: category.id })
  const othersIdea = await factories.idea(forum.id, users.other.id)
  const spare = await factories.idea(forum.id, users.other.id)
  const voted = await vote(users.member, idea.id, 2)
  if (voted.statusCode !== 200) throw new Error(`world: vote ${voted.body}`)
  const release = await injectAs(users.coordinator, {
    method: 'POST',
    url: `/api/v1/forums/${forum.slug}/releases`,
    payload: {
      name: `r${factories.next()}`,
      featureFreezeAt: '2099-01-01T00:00:00Z',
      releaseAt: '2099-06-01T00:00:00Z',
      capacity: 10,
    },
  })
  if (release.statusCode !== 201) throw new Error(`world: release ${release.body}`)
  const releaseId = release.json().id as number
  const feature = await injectAs(users.coordinator, {
    method: 'POST',
    url: `/api/v1/releases/${releaseId}/features`,
    payload: { title: 'Owned by the member', ownerId: users.member.id },
  })
  if (feature.statusCode !== 201) throw new Error(`world: feature ${feature.body}`)
  const target = await factories.user('member')
  return {
    forum,
    category,
    otherCategory,
    idea,
    othersIdea,
    spare,
    releaseId,
    featureId: feature.json().id as number,
    /** A user whose role the matrix may change. */
    target,
  }
}
export type World = Awaited<ReturnType<typeof makeWorld>>
