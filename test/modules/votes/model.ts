// An in-memory model of the vote rules of DESIGN.md §3, written from the design, independently of
// the SQL: what each operation should answer and what budgets and counters should be afterwards.
export type Mode = 'classic' | 'quadratic'
export type Status =
  'open' | 'under_review' | 'planned' | 'started' | 'completed' | 'declined' | 'merged' | 'deleted'

const OPEN: Status[] = ['open', 'under_review', 'planned', 'started']
export const isOpen = (s: Status) => OPEN.includes(s)

interface Ballot {
  votes: number
  cost: number
  released: boolean
}

export class VoteModel {
  ideas = new Map<number, { status: Status; votes: number; voters: number }>()
  ballots = new Map<string, Ballot>()
  spent = new Map<number, number>()

  constructor(
    public budget: number,
    public max: number,
    readonly mode: Mode,
    readonly users: number[],
    ideaIds: number[],
  ) {
    for (const id of ideaIds) this.ideas.set(id, { status: 'open', votes: 0, voters: 0 })
    for (const u of users) this.spent.set(u, 0)
  }

  cost(votes: number) {
    return this.mode === 'quadratic' ? votes * votes : votes
  }

  private active(idea: number, user: number): Ballot | undefined {
    const b = this.ballots.get(`${idea}:${user}`)
    return b && !b.released ? b : undefined
  }

  /** Expected HTTP status of PUT vote, applying it when it succeeds. */
  vote(user: number, ideaId: number, votes: number): number {
    const idea = this.ideas.get(ideaId)
    if (!idea || idea.status === 'deleted') return 404
    if (!isOpen(idea.status)) return votes === 0 ? 200 : 409
    const old = this.active(ideaId, user)
    const oldVotes = old?.votes ?? 0
    if (votes > this.max && votes > oldVotes) return 400
    const delta = this.cost(votes) - (old?.cost ?? 0)
    const spent = this.spent.get(user)!
    if (delta > 0 && spent + delta > this.budget) return 409
    this.spent.set(user, spent + delta)
    idea.votes += votes - oldVotes
    idea.voters += (votes > 0 ? 1 : 0) - (oldVotes > 0 ? 1 : 0)
    if (votes === 0) {
      if (old) this.ballots.delete(`${ideaId}:${user}`)
    } else {
      this.ballots.set(`${ideaId}:${user}`, { votes, cost: this.cost(votes), released: false })
    }
    return 200
  }

  private release(ideaId: number): { user: number; votes: number }[] {
    const released = []
    for (const user of [...this.users].sort((a, b) => a - b)) {
      const b = this.active(ideaId, user)
      if (!b) continue
      b.released = true
      this.spent.set(user, this.spent.get(user)! - b.cost)
      released.push({ user, votes: b.votes })
    }
    return released
  }

  /** Expected status of POST status (developer). */
  setStatus(ideaId: number, to: Status): number {
    const idea = this.ideas.get(ideaId)
    if (!idea || idea.status === 'deleted') return 404
    if (idea.status === 'merged') return 409
    this.transition(ideaId, to)
    return 200
  }

  private transition(ideaId: number, to: Status) {
    const idea = this.ideas.get(ideaId)!
    if (isOpen(idea.status) && !isOpen(to) && to !== 'merged') this.release(ideaId)
    if (!isOpen(idea.status) && isOpen(to)) {
      idea.votes = 0
      idea.voters = 0
    }
    idea.status = to
  }

  delete(ideaId: number): number {
    const idea = this.ideas.get(ideaId)
    if (!idea || idea.status === 'deleted') return 404
    this.transition(ideaId, 'deleted')
    return 204
  }

  merge(fromId: number, intoId: number): number {
    if (fromId === intoId) return 409
    const from = this.ideas.get(fromId)
    const into = this.ideas.get(intoId)
    if (!from || from.status === 'deleted') return 404
    if (!into || into.status === 'deleted') return 404
    if (!isOpen(from.status) || !isOpen(into.status)) return 409
    for (const { user, votes } of this.release(fromId)) {
      const onInto = this.active(intoId, user)
      const have = onInto?.votes ?? 0
      const room = Math.max(this.budget - this.spent.get(user)!, 0) + (onInto?.cost ?? 0)
      const affordable = this.mode === 'quadratic' ? Math.floor(Math.sqrt(room)) : room
      const target = Math.min(this.max, votes + have, affordable)
      if (target > have) this.vote(user, intoId, target)
    }
    from.status = 'merged'
    return 200
  }
}
