// The scenarios of the issue, each a request generator for autocannon: who calls, what, with
// which random user, idea, forum or search term (from a seeded PRNG, so runs are comparable).
import { API_PREFIX } from '../src/app.ts'
import type { RequestSpec } from './load.ts'
import { int, mulberry32, pick } from './random.ts'
import { BENCH_PASSWORD, forumSlug, MAX_VOTES_PER_IDEA, userEmail } from './seed.ts'
import { SEARCH_TERMS } from './words.ts'

export interface ScenarioContext {
  forums: number
  users: number
  ideas: number
  /** Access tokens of members, index = user id (1 is the developer). */
  memberToken: (userId: number) => string
  developerToken: string
  /** A cursor about `deepPosition` ideas into each forum's `top` list, by forum number. */
  deepCursors: string[]
}

export type Generator = () => RequestSpec

const rnd = mulberry32(7)
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const forum = (ctx: ScenarioContext) => forumSlug(int(rnd, 1, ctx.forums))

export const scenarios: Record<string, (ctx: ScenarioContext) => Generator> = {
  // Random member × random idea, 0–3 votes: raises and lowers, some over budget or on closed
  // ideas (409, counted apart from errors).
  vote: (ctx) => () => {
    const user = int(rnd, 2, ctx.users)
    return {
      method: 'PUT',
      path: `${API_PREFIX}/ideas/${int(rnd, 1, ctx.ideas)}/vote`,
      headers: bearer(ctx.memberToken(user)),
      body: JSON.stringify({ votes: int(rnd, 0, MAX_VOTES_PER_IDEA) }),
    }
  },
  'list-top': (ctx) => () => ({
    path: `${API_PREFIX}/forums/${forum(ctx)}/ideas?sort=top&limit=20`,
  }),
  'list-deep': (ctx) => () => {
    const f = int(rnd, 1, ctx.forums)
    const cursor = ctx.deepCursors[f - 1]!
    return { path: `${API_PREFIX}/forums/${forumSlug(f)}/ideas?sort=top&limit=20&cursor=${cursor}` }
  },
  trending: (ctx) => () => ({
    path: `${API_PREFIX}/forums/${forum(ctx)}/ideas?sort=trending&limit=20`,
  }),
  search: (ctx) => () => ({
    path: `${API_PREFIX}/forums/${forum(ctx)}/ideas?limit=20&q=${encodeURIComponent(pick(rnd, SEARCH_TERMS))}`,
  }),
  triage: (ctx) => () => ({
    path: `${API_PREFIX}/forums/${forum(ctx)}/triage?limit=20`,
    headers: bearer(ctx.developerToken),
  }),
  report: (ctx) => () => ({
    path: `${API_PREFIX}/releases/${int(rnd, 1, ctx.forums)}/report?format=text`,
  }),
  login: (ctx) => () => ({
    method: 'POST',
    path: `${API_PREFIX}/auth/login`,
    body: JSON.stringify({ email: userEmail(int(rnd, 2, ctx.users)), password: BENCH_PASSWORD }),
  }),
}

/** The bare baseline's routes: the same SQL as `vote` and `list-top`, without the service. */
export const bareScenarios: Record<string, (ctx: ScenarioContext) => Generator> = {
  'bare-vote': (ctx) => () => ({
    method: 'PUT',
    path: `/ideas/${int(rnd, 1, ctx.ideas)}/vote`,
    headers: { 'x-user': String(int(rnd, 2, ctx.users)) },
    body: JSON.stringify({ votes: int(rnd, 0, MAX_VOTES_PER_IDEA) }),
  }),
  'bare-list-top': (ctx) => () => ({ path: `/forums/${forum(ctx)}/ideas` }),
}
