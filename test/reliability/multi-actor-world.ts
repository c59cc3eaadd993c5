// The multi-actor suite's world and what it reads back: a forum with voters, two developers, a
// coordinator and an admin, ideas and a release; and a snapshot of the service's state (ballots,
// budgets, idea statuses and counters, settings, roles) taken straight from the database.
import type { Role, VotingMode } from '../../src/core/domain.ts'
import { FACTORY_PASSWORD } from '../factories.ts'
import type { build } from '../helper.ts'

type Built = Awaited<ReturnType<typeof build>>

export const VOTERS = 4
export const IDEAS = 5
export const OPEN = ['open', 'under_review', 'planned', 'started'] as const
export const isOpen = (status: string) => (OPEN as readonly string[]).includes(status)
export const costOf = (mode: VotingMode, votes: number) =>
  mode === 'quadratic' ? votes ** 2 : votes

/** Someone acting through the API with the access token they signed in with. */
export interface Person {
  id: number
  email: string
  token: string
  /** Their role as the admin last set it (what the service must enforce). */
  role: Role
  /** Their role changed after this token was issued. */
  tokenPredatesRoleChange: boolean
}

export interface Settings {
  budget: number
  max: number
  mode: VotingMode
}

export async function makeActors(b: Built, settings: Settings) {
  const { factories, injectAs } = b
  const person = async (role: Role): Promise<Person> => {
    const u = await factories.user(role)
    return { id: u.id, email: u.email, token: u.token, role, tokenPredatesRoleChange: false }
  }
  const forum = await factories.forum({
    voteBudget: settings.budget,
    maxVotesPerIdea: settings.max,
    votingMode: settings.mode,
  })
  const voters: Person[] = []
  for (let i = 0; i < VOTERS; i++) voters.push(await person('member'))
  const staff = {
    dev0: await person('developer'),
    dev1: await person('developer'),
    coord: await person('coordinator'),
    admin: await person('admin'),
  }
  const author = await factories.user('member')
  const ideas: number[] = []
  for (let i = 0; i < IDEAS; i++) ideas.push((await factories.idea(forum.id, author.id)).id)

  let releases = 0
  /** A new release to plan into (the admin makes it: the coordinator may have been demoted). */
  async function newRelease(): Promise<number> {
    const res = await injectAs(staff.admin, {
      method: 'POST',
      url: `/api/v1/forums/${forum.slug}/releases`,
      payload: {
        name: `r${++releases}`,
        featureFreezeAt: '2099-01-01T00:00:00Z',
        releaseAt: '2099-06-01T00:00:00Z',
        capacity: 10,
      },
    })
    if (res.statusCode !== 201) throw new Error(`new release: ${res.statusCode} ${res.body}`)
    return res.json().id as number
  }

  /** A fresh token for someone whose old one the service revoked. */
  async function signIn(p: Person) {
    const res = await b.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: p.email, password: FACTORY_PASSWORD },
    })
    if (res.statusCode !== 200) throw new Error(`sign-in of ${p.email}: ${res.statusCode}`)
    p.token = res.json().accessToken as string
    p.tokenPredatesRoleChange = false
  }

  return { forum, voters, staff, ideas, newRelease, signIn }
}
export type Actors = Awaited<ReturnType<typeof makeActors>>

export interface BallotRow {
  votes: number
  cost: number
}

export interface State {
  budget: number
  mode: VotingMode
  /** Active ballots (not released, votes > 0) by `user:idea`. */
  ballots: Map<string, BallotRow>
  /** budgets.spent by user (0 without a row). */
  spent: Map<number, number>
  ideas: Map<number, { status: string; votes: number; voters: number }>
  roles: Map<number, Role>
}

export const key = (user: number, idea: number) => `${user}:${idea}`

export async function readState(b: Built, a: Actors): Promise<State> {
  const { db } = b
  const forum = await db
    .selectFrom('forums')
    .select(['vote_budget', 'voting_mode'])
    .where('id', '=', a.forum.id)
    .executeTakeFirstOrThrow()
  const ballots = await db
    .selectFrom('ballots')
    .select(['user_id', 'idea_id', 'votes', 'cost'])
    .where('forum_id', '=', a.forum.id)
    .where('released', '=', false)
    .where('votes', '>', 0)
    .execute()
  const budgets = await db
    .selectFrom('budgets')
    .select(['user_id', 'spent'])
    .where('forum_id', '=', a.forum.id)
    .execute()
  const ideas = await db
    .selectFrom('ideas')
    .select(['id', 'status', 'votes', 'voters'])
    .where('forum_id', '=', a.forum.id)
    .execute()
  const people = [...a.voters, ...Object.values(a.staff)]
  const roles = await db
    .selectFrom('users')
    .select(['id', 'role'])
    .where(
      'id',
      'in',
      people.map((p) => p.id),
    )
    .execute()
  const spent = new Map(people.map((p) => [p.id, 0]))
  for (const row of budgets) spent.set(row.user_id, row.spent)
  return {
    budget: forum.vote_budget,
    mode: forum.voting_mode,
    ballots: new Map(
      ballots.map((r) => [key(r.user_id, r.idea_id), { votes: r.votes, cost: r.cost }]),
    ),
    spent,
    ideas: new Map(
      ideas.map((r) => [r.id, { status: r.status, votes: r.votes, voters: r.voters }]),
    ),
    roles: new Map(roles.map((r) => [r.id, r.role])),
  }
}
