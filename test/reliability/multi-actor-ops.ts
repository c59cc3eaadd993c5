// What each actor of the multi-actor suite may do in a step, as fast-check arbitraries, and the
// request each action sends. One action per actor per step: the actors act at once, each like a
// person at one browser.
import fc from 'fast-check'
import type { InjectOptions } from 'fastify'
import type { Role, VotingMode } from '../../src/core/domain.ts'
import { IDEAS, VOTERS, type Actors, type Person } from './multi-actor-world.ts'

export type VoterAction =
  { kind: 'vote'; idea: number; votes: number } | { kind: 'withdraw'; idea: number }
export type DeveloperAction =
  { kind: 'status'; idea: number; status: string } | { kind: 'merge'; from: number; into: number }
export type CoordinatorAction =
  { kind: 'promote'; idea: number } | { kind: 'done'; feature: number } | { kind: 'ship' }
export type StaffTarget = 'dev1' | 'coord'
export type AdminAction =
  | { kind: 'budget'; budget: number }
  | { kind: 'mode'; mode: VotingMode }
  | { kind: 'role'; who: StaffTarget; role: Role }

export interface Step {
  voters: (VoterAction | null)[]
  dev0: DeveloperAction | null
  dev1: DeveloperAction | null
  coord: CoordinatorAction | null
  admin: AdminAction | null
}

const idea = fc.integer({ min: 0, max: IDEAS - 1 })
const maybe = <T>(arb: fc.Arbitrary<T>, weight = 2) =>
  fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight, arbitrary: arb })

export const stepArb = (max: number): fc.Arbitrary<Step> => {
  const voter = maybe(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('vote' as const),
          idea,
          votes: fc.integer({ min: 0, max }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), idea }) },
    ),
    4,
  )
  const developer = maybe(
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('status' as const),
          idea,
          status: fc.constantFrom('open', 'under_review', 'started', 'completed', 'declined'),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('merge' as const), from: idea, into: idea }),
      },
    ),
    1,
  )
  const coordinator = maybe(
    fc.oneof(
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('promote' as const), idea }) },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('done' as const),
          feature: fc.integer({ min: 0, max: 3 }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('ship' as const) }) },
    ),
    1,
  )
  const admin = maybe(
    fc.oneof(
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('budget' as const),
          budget: fc.integer({ min: 1, max: 10 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('mode' as const),
          mode: fc.constantFrom<VotingMode>('classic', 'quadratic'),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('role' as const),
          who: fc.constantFrom<StaffTarget>('dev1', 'coord'),
          role: fc.constantFrom<Role>('member', 'developer', 'coordinator'),
        }),
      },
    ),
    1,
  )
  return fc.record({
    voters: fc.array(voter, { minLength: VOTERS, maxLength: VOTERS }),
    dev0: developer,
    dev1: developer,
    coord: coordinator,
    admin,
  })
}

/** The role an action needs: the route's access level (API.md). */
export const NEEDS: Record<string, Role> = {
  vote: 'member',
  withdraw: 'member',
  status: 'developer',
  merge: 'developer',
  promote: 'coordinator',
  done: 'coordinator',
  ship: 'coordinator',
  budget: 'admin',
  mode: 'admin',
  role: 'admin',
}
const RANK: Record<Role, number> = { member: 0, developer: 1, coordinator: 2, admin: 3 }
export const allows = (role: Role, needs: Role) => RANK[role] >= RANK[needs]

/** Where the world stands while a step's requests are made. */
export interface Context {
  actors: Actors
  release: number
  /** Features of the current release, in the order they were promoted. */
  features: number[]
}

/** An action ready to send: who sends it, the request, a label for messages. */
export interface Planned {
  actor: Person
  label: string
  action: VoterAction | DeveloperAction | CoordinatorAction | AdminAction
  request: InjectOptions
}

export function plan(step: Step, ctx: Context): Planned[] {
  const { actors } = ctx
  const ideaId = (i: number) => actors.ideas[i]!
  const planned: Planned[] = []
  step.voters.forEach((action, v) => {
    if (!action) return
    const actor = actors.voters[v]!
    const url = `/api/v1/ideas/${ideaId(action.idea)}/vote`
    planned.push(
      action.kind === 'vote'
        ? {
            actor,
            action,
            label: `voter${v} votes ${action.votes} on i${action.idea}`,
            request: { method: 'PUT', url, payload: { votes: action.votes } },
          }
        : {
            actor,
            action,
            label: `voter${v} withdraws from i${action.idea}`,
            request: { method: 'DELETE', url },
          },
    )
  })
  for (const dev of ['dev0', 'dev1'] as const) {
    const action = step[dev]
    if (!action) continue
    const actor = actors.staff[dev]
    planned.push(
      action.kind === 'status'
        ? {
            actor,
            action,
            label: `${dev} sets i${action.idea} ${action.status}`,
            request: {
              method: 'POST',
              url: `/api/v1/ideas/${ideaId(action.idea)}/status`,
              payload: { status: action.status },
            },
          }
        : {
            actor,
            action,
            label: `${dev} merges i${action.from} into i${action.into}`,
            request: {
              method: 'POST',
              url: `/api/v1/ideas/${ideaId(action.from)}/merge`,
              payload: { intoId: ideaId(action.into) },
            },
          },
    )
  }
  const c = step.coord
  const coord = actors.staff.coord
  if (c?.kind === 'promote') {
    planned.push({
      actor: coord,
      action: c,
      label: `coord promotes i${c.idea} into release ${ctx.release}`,
      request: {
        method: 'POST',
        url: `/api/v1/ideas/${ideaId(c.idea)}/promote`,
        payload: { releaseId: ctx.release },
      },
    })
  } else if (c?.kind === 'done' && ctx.features.length > 0) {
    const feature = ctx.features[c.feature % ctx.features.length]!
    planned.push({
      actor: coord,
      action: c,
      label: `coord marks feature ${feature} done`,
      request: {
        method: 'PATCH',
        url: `/api/v1/features/${feature}`,
        payload: { prognosis: 'done' },
      },
    })
  } else if (c?.kind === 'ship') {
    planned.push({
      actor: coord,
      action: c,
      label: `coord ships release ${ctx.release}`,
      request: { method: 'POST', url: `/api/v1/releases/${ctx.release}/ship`, payload: {} },
    })
  }
  const a = step.admin
  const admin = actors.staff.admin
  const forumUrl = `/api/v1/forums/${actors.forum.slug}`
  if (a?.kind === 'budget') {
    planned.push({
      actor: admin,
      action: a,
      label: `admin sets the budget to ${a.budget}`,
      request: { method: 'PATCH', url: forumUrl, payload: { voteBudget: a.budget } },
    })
  } else if (a?.kind === 'mode') {
    planned.push({
      actor: admin,
      action: a,
      label: `admin sets the voting mode to ${a.mode}`,
      request: { method: 'PATCH', url: forumUrl, payload: { votingMode: a.mode } },
    })
  } else if (a?.kind === 'role') {
    planned.push({
      actor: admin,
      action: a,
      label: `admin makes ${a.who} ${a.role}`,
      request: {
        method: 'PATCH',
        url: `/api/v1/users/${actors.staff[a.who].id}`,
        payload: { role: a.role },
      },
    })
  }
  return planned
}

/** The statuses an action may answer when the actor's role allows it (any serialisation). */
export const ALLOWED: Record<string, number[]> = {
  vote: [200, 409], // 409: over budget, or the idea closed first
  withdraw: [200],
  status: [200, 409], // 409: a merged idea; reopening a shipped one may be refused
  merge: [200, 409], // 409: into itself, or either side closed
  promote: [201, 409], // 409: not open, or already planned
  done: [200, 409], // 409: its release shipped first (shipped is read-only)
  ship: [200],
  budget: [200],
  mode: [200, 409], // 409: a service may refuse a change of mode while ballots exist
  role: [200],
}
