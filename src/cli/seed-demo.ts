// `tally seed --demo`: a ready-to-explore forum modelled on the Xen 4.3 planning talk — users,
// ideas with votes and comments, a 4.3 release with its 2013 milestones, tracked features with
// owners and prognoses, a freeze exception and a slip — built through the services, so every rule
// (budgets, freeze, history) holds exactly as it would through the API.
import type { ServiceContext } from '../core/context.ts'
import type { Actor } from '../core/roles.ts'
import { parseArgs } from 'node:util'
import type { AppConfig } from '../config.ts'
import type { Database } from '../db/engine.ts'
import { VoteBudgetExceeded } from '../errors.ts'
import { createUser } from '../modules/auth/service.ts'
import { addComment } from '../modules/comments/service.ts'
import { createFeature, promoteIdea, updateFeature } from '../modules/features/service.ts'
import { createCategory, createForum } from '../modules/forums/service.ts'
import { forumIdBySlug } from '../modules/forums/repository.ts'
import { createIdea, setEffort, setStatus } from '../modules/ideas/service.ts'
import { createRelease, updateRelease } from '../modules/releases/service.ts'
import { setVote } from '../modules/votes/service.ts'
import { command, UsageError } from './command.ts'
import {
  DEMO_PASSWORD,
  demoCategories,
  demoFeatures,
  demoIdeas,
  demoPeople,
  demoRelease,
  nextRelease,
} from './demo-data.ts'

export const DEMO_SLUG = 'xen'

export const seedDemo = command({
  usage:
    'seed --demo      create the demo forum "xen" (Xen 4.3 planning) with users, votes and a release',
  parse(args) {
    const { values } = parseArgs({ args, options: { demo: { type: 'boolean', default: false } } })
    if (!values.demo) throw new UsageError('only `seed --demo` is available')
    return null
  },
  async run(database, _input, config) {
    if (await forumIdBySlug(database.db, DEMO_SLUG)) {
      console.log(`The demo forum "${DEMO_SLUG}" already exists; nothing to do.`)
      return
    }
    await seed(database, config)
    console.log(
      `Seeded the demo forum "${DEMO_SLUG}" (Xen 4.3 planning). Sign in with password "${DEMO_PASSWORD}" as:`,
    )
    console.log(`  ${demoPeople.coordinator.email}  (coordinator)`)
    console.log(`  ${demoPeople.developers[0]!.email}  (developer)`)
    console.log(`  ${demoPeople.members[0]!.email}  (member; user01..user30)`)
  },
})

export async function seed(database: Database, config: AppConfig) {
  const ctx = (at?: string): ServiceContext => ({
    db: database.db,
    config,
    clock: { now: () => (at ? new Date(at) : new Date()) },
  })
  const person = async (
    p: { email: string; displayName: string },
    role: Actor['role'],
  ): Promise<Actor> => {
    const row = await createUser(ctx(), { ...p, password: DEMO_PASSWORD, role })
    return { id: row.id, role: row.role }
  }
  const coordinator = await person(demoPeople.coordinator, 'coordinator')
  const developers = await Promise.all(demoPeople.developers.map((d) => person(d, 'developer')))
  const members = []
  for (const m of demoPeople.members) members.push(await person(m, 'member'))
  const admin: Actor = { id: coordinator.id, role: 'admin' } // the seed acts with admin rights

  await createForum(ctx(), admin, {
    slug: DEMO_SLUG,
    name: 'Xen Project',
    description:
      'Suggest improvements for the Xen hypervisor and vote on what matters most to you.',
  })
  const categories = new Map<string, number>()
  for (const name of demoCategories)
    categories.set(name, (await createCategory(ctx(), admin, DEMO_SLUG, name)).id)

  // Ideas and votes happen "now", so the board's trending and new tabs have something to show.
  let seed = 4_300
  const random = (n: number) =>
    ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) >>> 8) % n
  const ideaIds = new Map<string, number>()
  for (const [i, idea] of demoIdeas.entries()) {
    const author = members[(i * 7) % members.length]!
    const created = await createIdea(ctx(), author, DEMO_SLUG, {
      title: idea.title,
      body: idea.body,
      categoryId: categories.get(idea.category),
    })
    ideaIds.set(idea.key, created.id)
    if (idea.effort) await setEffort(ctx(), developers[0]!, created.id, idea.effort)
    for (let v = 0; v < idea.popularity; v++) {
      const voter = members[(i * 3 + v * 11) % members.length]!
      await voteWithinBudget(ctx(), voter, created.id, 1 + random(3))
    }
  }
  const idea = (key: string) => ideaIds.get(key)!

  await addComment(ctx(), members[2]!, idea('evtchn'), {
    body: 'We run 400 guests per host; this is our biggest blocker.',
  })
  await addComment(ctx(), developers[0]!, idea('evtchn'), {
    body: 'A 3-level event-channel ABI is designed; we are tracking it for 4.3.',
    official: true,
  })
  await addComment(ctx(), members[5]!, idea('qemu-dup'), {
    body: 'Isn’t this the same as "Default to qemu-upstream"?',
  })
  await setStatus(ctx(), developers[1]!, idea('hotplug-scripts'), {
    status: 'declined',
    response: 'Covered by the hotplug script rework that landed in 4.2.',
  })
  await setStatus(ctx(), developers[1]!, idea('snapshots'), {
    status: 'under_review',
    response: 'Looking at it for 4.4.',
  })

  // The release is planned in early 2013, before its feature freeze.
  const planning = '2013-01-15T10:00:00Z'
  const release = await createRelease(ctx(planning), coordinator, DEMO_SLUG, demoRelease)
  await createRelease(ctx(planning), coordinator, DEMO_SLUG, nextRelease)
  const owners: Record<string, Actor> = {
    ines: developers[0]!,
    rory: developers[1]!,
    wen: developers[2]!,
  }
  for (const f of demoFeatures) {
    const at = f.exception ? '2013-04-02T09:00:00Z' : '2013-02-04T09:00:00Z'
    const owner =
      f.owner && owners[f.owner]
        ? { ownerId: owners[f.owner]!.id }
        : f.owner
          ? { ownerName: f.owner }
          : {}
    const fields = {
      ...owner,
      prognosis: f.prognosis,
      exception: f.exception ? { reason: f.exception } : undefined,
    }
    const feature = f.idea
      ? await promoteIdea(ctx(at), coordinator, idea(f.idea), { releaseId: release.id, ...fields })
      : await createFeature(ctx(at), coordinator, release.id, {
          title: f.title!,
          group: f.group,
          ...fields,
        })
    await updateFeature(ctx('2013-04-29T16:00:00Z'), coordinator, feature.id, {
      status: f.status,
      external: f.external,
      techPreview: f.techPreview,
    })
  }
  await updateRelease(ctx(demoRelease.slip.at), coordinator, release.id, {
    releaseAt: demoRelease.slip.releaseAt,
    slipReason: demoRelease.slip.reason,
  })
}

/** Votes as much as the voter can still afford, the way a person would. */
async function voteWithinBudget(ctx: ServiceContext, voter: Actor, ideaId: number, wanted: number) {
  for (let votes = wanted; votes > 0; votes--) {
    try {
      await setVote(ctx, voter, ideaId, votes)
      return
    } catch (err) {
      if (!(err instanceof VoteBudgetExceeded)) throw err
    }
  }
}
