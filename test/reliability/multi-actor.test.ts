// Multi-actor model-based suite: voters, two developers, a coordinator and an admin act AT ONCE
// (each step's requests go out together), voting while ideas are shipped, merged, closed and
// reopened, budgets and the voting mode change, and staff are demoted and promoted.
//
// Any serialisation of a step is accepted, so where the order matters the model checks invariants
// instead of one predicted outcome: spent = Σ cost of the active ballots on open ideas, never
// raised past the budget in force; an open idea's votes and voters = Σ of its active ballots;
// `tally check` finds no drift; statuses only move to where some action of the step sent them.
// Where the order cannot matter it predicts exactly: ballots on ideas no privileged action
// touched, and in a step without budget-changing actions each vote's answer.
// After every step: no 5xx, and role changes are in force (a demoted developer's next privileged
// request is 403, with the token they already hold).
import fc from 'fast-check'
import type { LightMyRequestResponse } from 'fastify'
import t from 'tap'
import type { VotingMode } from '../../src/core/domain.ts'
import { isCatalogued } from '../../src/errors.ts'
import { checkConsistency, driftCount } from '../../src/modules/votes/consistency.ts'
import { build, engine } from '../helper.ts'
import { answerWithin } from './answer-within.ts'
import {
  ALLOWED,
  allows,
  NEEDS,
  plan,
  stepArb,
  type Context,
  type Planned,
  type Step,
} from './multi-actor-ops.ts'
import {
  costOf,
  isOpen,
  key,
  makeActors,
  readState,
  type Actors,
  type BallotRow,
  type Person,
  type Settings,
  type State,
} from './multi-actor-world.ts'

const RUNS = Number(process.env.MULTI_ACTOR_RUNS ?? (engine === 'postgres' ? 20 : 12))
const SEED = Number(process.env.MULTI_ACTOR_SEED ?? 20130402)
const MAX_STEPS = 12

const built = await build(t)
const { injectAs, db } = built

/** Role enforcement failures, collected across runs and reported once per kind at the end. */
const roleFailures = new Map<string, { count: number; example: string }>()
function roleNotInForce(kind: string, example: string) {
  const seen = roleFailures.get(kind)
  if (seen) seen.count++
  else roleFailures.set(kind, { count: 1, example })
}

/** Answers by action and status over the whole run, for the log: what the runs exercised. */
const answers = new Map<string, number>()

interface Outcome {
  p: Planned
  res: LightMyRequestResponse
}

/** A privileged probe per role level: harmless requests only that level may make. */
function probe(a: Actors, release: number, level: 'developer' | 'coordinator') {
  return level === 'developer'
    ? { method: 'GET' as const, url: `/api/v1/forums/${a.forum.slug}/triage` }
    : {
        method: 'PATCH' as const,
        url: `/api/v1/releases/${release}`,
        payload: { capacity: 10 },
      }
}

async function runOne(settings: Settings, steps: Step[]) {
  const a = await makeActors(built, settings)
  const ctx: Context = { actors: a, release: await a.newRelease(), features: [] }
  let state = await readState(built, a)
  let modeEverChanged = false
  let budget = settings.budget
  let mode: VotingMode = settings.mode

  for (const [n, step] of steps.entries()) {
    const planned = plan(step, ctx)
    const roleAtStart = new Map(planned.map((p) => [p.actor.id, p.actor.role]))
    const outcomes: Outcome[] = await Promise.all(
      planned.map(async (p) => ({
        p,
        res: await answerWithin(injectAs(p.actor, p.request), 30_000, p.label),
      })),
    )
    const log = outcomes.map((o) => `${o.p.label} → ${o.res.statusCode}`).join('; ')
    for (const o of outcomes) {
      const tag = `${o.p.action.kind} ${o.res.statusCode}`
      answers.set(tag, (answers.get(tag) ?? 0) + 1)
    }
    const fail = (msg: string): never => {
      throw new Error(`step ${n + 1} [${log}]: ${msg}`)
    }
    const ok = (o: Outcome) => o.res.statusCode < 300

    // No 5xx, and every error a catalogued code.
    for (const o of outcomes) {
      const { statusCode, body } = o.res
      if (statusCode >= 500) fail(`${o.p.label} answered ${statusCode}: ${body.slice(0, 300)}`)
      if (statusCode >= 400) {
        const code = (o.res.json() as { code?: unknown }).code
        if (!isCatalogued(code)) fail(`${o.p.label}: uncatalogued error ${body.slice(0, 200)}`)
      }
    }

    // The admin's acknowledged changes are the model's settings and roles from now on.
    const roleChanged = new Set<Person>()
    for (const o of outcomes.filter(ok)) {
      const action = o.p.action
      if (action.kind === 'budget') budget = action.budget
      if (action.kind === 'mode') {
        modeEverChanged ||= mode !== action.mode
        mode = action.mode
      }
      if (action.kind === 'role') {
        const target = a.staff[action.who]
        if (target.role !== action.role) {
          target.role = action.role
          target.tokenPredatesRoleChange = true
          roleChanged.add(target)
        }
      }
    }

    // Each answer against the actor's role: in force where it did not change during the step.
    for (const o of outcomes) {
      const needs = NEEDS[o.p.action.kind]!
      const before = allows(roleAtStart.get(o.p.actor.id)!, needs)
      const after = allows(o.p.actor.role, needs)
      const status = o.res.statusCode
      const allowed = ALLOWED[o.p.action.kind]!
      const revoked = status === 401 && o.p.actor.tokenPredatesRoleChange
      if (revoked) continue // the role change ended that session: signs in again below
      if (before && after) {
        if (status === 403 && o.p.actor.tokenPredatesRoleChange) {
          roleNotInForce(
            'a promotion is not in force: the token issued before it is refused',
            `step ${n + 1}: ${o.p.label} → 403 (role ${o.p.actor.role})`,
          )
        } else if (!allowed.includes(status)) {
          fail(`${o.p.label} answered ${status}, expected one of ${allowed}: ${o.res.body}`)
        }
      } else if (!before && !after) {
        if (status === 403) continue
        if (allowed.includes(status)) {
          roleNotInForce(
            'a demotion is not in force: a privileged request with the token held before it succeeds',
            `step ${n + 1}: ${o.p.label} → ${status} although the admin made them ${o.p.actor.role}`,
          )
        } else fail(`${o.p.label} as ${o.p.actor.role} answered ${status}, expected 403`)
      } else if (![...allowed, 403].includes(status)) {
        fail(`${o.p.label} (role changing) answered ${status}: ${o.res.body}`)
      }
    }

    // Releases and features for later steps.
    for (const o of outcomes.filter(ok)) {
      if (o.p.action.kind === 'promote') ctx.features.push(o.res.json().id as number)
    }
    if (outcomes.some((o) => o.p.action.kind === 'ship' && ok(o))) {
      ctx.release = await a.newRelease()
      ctx.features = []
    }

    // Probes: whoever's role changed makes a request of each privileged level, with their token.
    for (const person of roleChanged) {
      for (const level of ['developer', 'coordinator'] as const) {
        let res = await injectAs(person, probe(a, ctx.release, level))
        if (res.statusCode === 401) {
          await a.signIn(person) // a role change may end sessions; a fresh sign-in must work
          res = await injectAs(person, probe(a, ctx.release, level))
        }
        const want = allows(person.role, level) ? 200 : 403
        if (res.statusCode >= 500) fail(`probe ${level} as ${person.role}: ${res.statusCode}`)
        if (res.statusCode !== want) {
          roleNotInForce(
            want === 403
              ? 'a demotion is not in force: a privileged request with the token held before it succeeds'
              : 'a promotion is not in force: the token issued before it is refused',
            `step ${n + 1}: made ${person.role}, a ${level} request → ${res.statusCode}`,
          )
        }
      }
    }
    for (const o of outcomes) {
      if (o.res.statusCode === 401 && o.p.actor.tokenPredatesRoleChange) await a.signIn(o.p.actor)
    }

    const next = await readState(built, a)
    await compare(fail, outcomes, state, next, { budget, mode, modeEverChanged }, a)
    state = next
  }
}

/** Everything checked after a step; `fail` throws with the step's story. */
async function compare(
  fail: (msg: string) => never,
  outcomes: Outcome[],
  before: State,
  after: State,
  model: { budget: number; mode: VotingMode; modeEverChanged: boolean },
  a: Actors,
) {
  const ok = outcomes.filter((o) => o.res.statusCode < 300)
  const kinds = new Set<string>(ok.map((o) => o.p.action.kind))
  const drift = await checkConsistency(db)
  if (driftCount(drift) > 0) fail(`tally check finds drift: ${JSON.stringify(drift)}`)

  if (after.budget !== model.budget) fail(`budget ${after.budget}, the admin set ${model.budget}`)
  if (after.mode !== model.mode) fail(`voting mode ${after.mode}, the admin set ${model.mode}`)
  for (const p of Object.values(a.staff)) {
    if (after.roles.get(p.id) !== p.role)
      fail(`user ${p.id} is ${after.roles.get(p.id)}, not ${p.role}`)
  }

  // Ideas a privileged action changed in this step; their ballots may end up in any order's way.
  const touched = new Set<number>()
  const targets = new Map<number, Set<string>>()
  const target = (idea: number, status: string, touches = true) => {
    if (touches) touched.add(idea)
    targets.set(idea, (targets.get(idea) ?? new Set()).add(status))
  }
  for (const o of ok) {
    const x = o.p.action
    if (x.kind === 'status') target(a.ideas[x.idea]!, x.status)
    if (x.kind === 'merge') {
      target(a.ideas[x.from]!, 'merged')
      touched.add(a.ideas[x.into]!)
    }
    // Promoting plans the idea; its ballots stay as they are.
    if (x.kind === 'promote') target(a.ideas[x.idea]!, 'planned', false)
    if (x.kind === 'ship') for (const id of a.ideas) target(id, 'completed')
  }

  // Statuses move only where an action of the step sent them.
  for (const id of a.ideas) {
    const was = before.ideas.get(id)!.status
    const now = after.ideas.get(id)!.status
    if (now !== was && !targets.get(id)?.has(now)) fail(`idea ${id} went from ${was} to ${now}`)
  }

  // Ballots: exact on untouched ideas (only their voters change them, one request each).
  const expected = new Map<string, number>()
  for (const [k, b] of before.ballots) expected.set(k, b.votes)
  const quiet = !['budget', 'mode', 'status', 'merge', 'ship'].some((k) => kinds.has(k))
  for (const o of outcomes) {
    const x = o.p.action
    if (x.kind !== 'vote' && x.kind !== 'withdraw') continue
    const idea = a.ideas[x.idea]!
    const votes = x.kind === 'vote' ? x.votes : 0
    const k = key(o.p.actor.id, idea)
    if (quiet) {
      const want = predictVote(before, o.p.actor.id, idea, votes)
      if (o.res.statusCode !== want)
        fail(`${o.p.label}: ${o.res.statusCode}, the model says ${want}`)
    }
    if (o.res.statusCode === 200) {
      const body = o.res.json() as { votes: number; budget: { budget: number; spent: number } }
      if (body.votes !== votes) fail(`${o.p.label}: answered votes ${body.votes}`)
      // Spent past the budget in force at the time only by lowering one's votes.
      const had = before.ballots.get(k)?.votes ?? 0
      const repriced = kinds.has('mode') || touched.has(idea)
      if (body.budget.spent > body.budget.budget && votes > had && !repriced) {
        fail(
          `${o.p.label}: spent ${body.budget.spent} of ${body.budget.budget} by raising ${had}→${votes}`,
        )
      }
      if (votes === 0) expected.delete(k)
      else expected.set(k, votes)
    }
  }
  for (const id of a.ideas) {
    if (touched.has(id)) continue
    for (const v of a.voters) {
      const k = key(v.id, id)
      const want = isOpen(after.ideas.get(id)!.status) ? (expected.get(k) ?? 0) : 0
      const got = isOpen(after.ideas.get(id)!.status) ? (after.ballots.get(k)?.votes ?? 0) : 0
      if (got !== want) fail(`voter ${v.id} has ${got} votes on idea ${id}, the model says ${want}`)
    }
  }

  // Budgets: the model's (Σ active ballots on open ideas) = the database's = the API's.
  const cost = (b: BallotRow) => b.cost
  for (const v of a.voters) {
    const mine = [...after.ballots].filter(([k]) => {
      const [u, i] = k.split(':').map(Number) as [number, number]
      return u === v.id && isOpen(after.ideas.get(i)!.status)
    })
    const spent = mine.reduce((s, [, b]) => s + cost(b), 0)
    if (after.spent.get(v.id) !== spent) {
      fail(`voter ${v.id}: budgets.spent ${after.spent.get(v.id)}, Σ ballots ${spent}`)
    }
    for (const [k, b] of mine) {
      const right = model.modeEverChanged
        ? [b.votes, b.votes ** 2].includes(b.cost)
        : b.cost === costOf(model.mode, b.votes)
      if (!right) fail(`ballot ${k}: ${b.votes} votes cost ${b.cost} in ${model.mode} mode`)
    }
    const res = await injectAs(v, { url: `/api/v1/forums/${a.forum.slug}/budget` })
    if (res.statusCode !== 200) fail(`GET budget of voter ${v.id}: ${res.statusCode}`)
    const api = res.json() as {
      budget: number
      spent: number
      ballots: { ideaId: number; votes: number; cost: number }[]
    }
    if (api.budget !== model.budget || api.spent !== spent) {
      fail(
        `GET budget of voter ${v.id}: ${api.spent} of ${api.budget}; model: ${spent} of ${model.budget}`,
      )
    }
    const listed = api.ballots.map((b) => `${b.ideaId}:${b.votes}:${b.cost}`).sort()
    const held = mine.map(([k, b]) => `${k.split(':')[1]}:${b.votes}:${b.cost}`).sort()
    if (listed.join() !== held.join()) fail(`GET budget lists ${listed}, the ballots are ${held}`)
    // Never raised past the budget in force: only the budget's own change may leave spent above.
    const was = before.spent.get(v.id) ?? 0
    const bound = Math.max(before.budget, after.budget, was)
    if (!kinds.has('mode') && spent > bound) fail(`voter ${v.id} spent ${spent} > ${bound}`)
  }

  // Counters: an open idea's votes and voters are its active ballots, in the database and the API.
  for (const id of a.ideas) {
    const row = after.ideas.get(id)!
    const res = await injectAs(null, { url: `/api/v1/ideas/${id}` })
    if (res.statusCode !== 200) fail(`GET idea ${id}: ${res.statusCode}`)
    const api = res.json() as { status: string; votes: number; voters: number }
    if (api.status !== row.status) fail(`GET idea ${id}: ${api.status}, database ${row.status}`)
    if (!isOpen(row.status)) continue
    const ballots = [...after.ballots].filter(([k]) => Number(k.split(':')[1]) === id)
    const votes = ballots.reduce((s, [, b]) => s + b.votes, 0)
    if (api.votes !== votes || api.voters !== ballots.length) {
      fail(
        `idea ${id}: ${api.votes} votes, ${api.voters} voters; ballots: ${votes}, ${ballots.length}`,
      )
    }
  }
}

/** What a vote answers when nothing else in the step changes budgets or statuses. */
function predictVote(s: State, user: number, idea: number, votes: number): number {
  if (!isOpen(s.ideas.get(idea)!.status)) return votes === 0 ? 200 : 409
  const old = s.ballots.get(key(user, idea))
  const spent = s.spent.get(user) ?? 0
  const delta = costOf(s.mode, votes) - (old?.cost ?? 0)
  return delta > 0 && spent + delta > s.budget ? 409 : 200
}

t.test(
  `${engine}: ${RUNS} runs of up to ${MAX_STEPS} concurrent steps keep the model`,
  async (t) => {
    let runs = 0
    let steps = 0
    await fc.assert(
      fc.asyncProperty(
        fc
          .record({
            budget: fc.integer({ min: 2, max: 10 }),
            max: fc.integer({ min: 1, max: 3 }),
            mode: fc.constantFrom<VotingMode>('classic', 'quadratic'),
          })
          .chain((settings) =>
            fc.tuple(
              fc.constant(settings),
              fc.array(stepArb(settings.max), { minLength: 3, maxLength: MAX_STEPS }),
            ),
          ),
        async ([settings, run]) => {
          await runOne(settings, run)
          runs++
          steps += run.length
        },
      ),
      // Concurrency makes a failing run hard to replay exactly, so no shrinking: the message
      // tells the step and every answer in it.
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    )
    t.equal(runs, RUNS, `${runs} runs, ${steps} steps`)
    t.comment(`answers: ${JSON.stringify(Object.fromEntries([...answers].sort()))}`)
    for (const [kind, { count, example }] of roleFailures) {
      t.fail(`${kind} (${count} times; first: ${example})`)
    }
    if (roleFailures.size === 0) t.pass('every role change was in force at once')
  },
)
