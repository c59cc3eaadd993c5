// Budgeted voting: one budget store per forum shared by every vote control on the page, so a vote
// anywhere updates the meter and re-disables what the user can no longer afford — without a
// reload. No side effects at import.
/** @import { Budget } from '../../../api-types.ts' */
import { ApiError, currentUser } from '../api.js'
import { h, mount } from '../dom.js'
import { vote } from '../endpoints.js'
import { errorMessage } from '../format.js'
import { OPEN_STATUSES } from './badges.js'

/** A forum's voting rules, as the forum and the budget answers both carry them. */
/** @typedef {{ votingMode: string, maxVotesPerIdea: number }} VotingRules */
/** What a vote control shows and changes: the counters of an idea and the caller's votes on it. */
/** @typedef {{ id: number, status: string, votes: number, voters: number, myVotes: number }} VoteTarget */

/**
 * @typedef {object} BudgetStore
 * @property {VotingRules} forum
 * @property {Budget | null} value null when signed out
 * @property {(next: Budget) => void} set
 * @property {(fn: (value: Budget | null) => void) => void} subscribe
 * @property {(votes: number) => number} cost
 */

/**
 * @param {VotingRules} forum
 * @param {Budget | null} initial
 * @returns {BudgetStore}
 */
export function budgetStore(forum, initial) {
  /** @type {Set<(value: Budget | null) => void>} */
  const listeners = new Set()
  /** @type {BudgetStore} */
  const store = {
    forum,
    value: initial,
    set(next) {
      store.value = next
      for (const fn of listeners) fn(next)
    },
    subscribe(fn) {
      listeners.add(fn)
    },
    cost: (votes) => (forum.votingMode === 'quadratic' ? votes * votes : votes),
  }
  return store
}

/** @param {VotingRules} forum */
const unit = (forum) => (forum.votingMode === 'quadratic' ? 'credits' : 'votes')

/**
 * "7 of 10 votes left", with a <meter>.
 * @param {BudgetStore} store
 */
export function budgetMeter(store) {
  const el = h('div', { class: 'budget', 'aria-live': 'polite' })
  const render = () => {
    const b = store.value
    if (!b) {
      mount(el, h('a', { href: '/#signin' }, 'Sign in'), ' to vote.')
      return
    }
    const text = `${b.remaining} of ${b.budget} ${unit(store.forum)} left`
    mount(
      el,
      h('label', { for: 'budget-meter' }, text),
      h('meter', {
        id: 'budget-meter',
        min: 0,
        max: b.budget,
        value: b.remaining,
        low: Math.ceil(b.budget / 5),
        optimum: b.budget,
      }),
    )
  }
  store.subscribe(render)
  render()
  return el
}

/**
 * Buttons 0..maxVotesPerIdea for one idea. A choice costing more than what is left is disabled;
 * lowering is always possible. A refused vote (the budget changed elsewhere) says why.
 * @param {VoteTarget} idea changed in place when a vote is placed
 * @param {BudgetStore} store
 * @param {{ onVoted?: (idea: VoteTarget) => void }} [options]
 */
export function voteControl(idea, store, { onVoted } = {}) {
  const forum = store.forum
  const el = h('div', { class: 'vote' })
  const message = h('p', { class: 'refused', role: 'alert' })
  let busy = false

  const render = () => {
    const counts = h(
      'p',
      { class: 'count' },
      h('strong', { class: 'votes' }, String(idea.votes)),
      ` ${idea.votes === 1 ? 'vote' : 'votes'} · ${idea.voters} ${idea.voters === 1 ? 'voter' : 'voters'}`,
    )
    if (!OPEN_STATUSES.includes(idea.status)) {
      mount(el, counts, h('p', { class: 'muted' }, 'Voting closed'))
      return
    }
    if (!currentUser() || !store.value) {
      mount(el, counts)
      return
    }
    const remaining = store.value.remaining
    const buttons = []
    for (let n = 0; n <= forum.maxVotesPerIdea; n++) {
      const extra = store.cost(n) - store.cost(idea.myVotes)
      const affordable = extra <= remaining || n <= idea.myVotes
      buttons.push(
        h(
          'button',
          {
            type: 'button',
            class: n === idea.myVotes ? 'choice current' : 'choice',
            'aria-pressed': n === idea.myVotes ? 'true' : 'false',
            disabled: busy || !affordable,
            title: affordable ? undefined : `Not enough ${unit(forum)} left`,
            'data-votes': n,
            onClick: () => place(n),
          },
          String(n),
        ),
      )
    }
    mount(
      el,
      counts,
      h('fieldset', { class: 'choices' }, h('legend', null, 'Your votes'), buttons),
      message,
    )
  }

  /** @param {number} n */
  async function place(n) {
    if (n === idea.myVotes) return
    busy = true
    message.textContent = ''
    render()
    try {
      const result = await vote(idea.id, n)
      idea.myVotes = result.votes
      idea.votes = result.idea.votes
      idea.voters = result.idea.voters
      busy = false
      store.set(result.budget)
      onVoted?.(idea)
    } catch (err) {
      busy = false
      if (err instanceof ApiError && err.body?.budget) store.set(err.body.budget)
      render()
      message.textContent = `Vote refused: ${errorMessage(err)}`
      return
    }
    render()
  }

  store.subscribe(render)
  render()
  return el
}
