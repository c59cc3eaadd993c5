// Placing votes within a budget (DESIGN.md §3). The rules themselves run in the database
// (tally_set_vote): this maps their outcome to the API.
import type { ServiceContext } from '../../core/context.ts'
import { signedIn } from '../../core/access.ts'
import type { Actor } from '../../core/roles.ts'
import {
  NotFound,
  ValidationFailed,
  VoteBudgetExceeded,
  VotingClosed,
  withFields,
} from '../../errors.ts'
import { singleStatement } from '../../core/unit-of-work.ts'
import * as repo from './repository.ts'

export const budgetOf = (budget: number, spent: number) => ({
  budget,
  spent,
  remaining: Math.max(0, budget - spent),
})

export async function setVote(
  ctx: ServiceContext,
  actor: Actor | null,
  ideaId: number,
  votes: number,
) {
  const voter = signedIn(actor)
  const row = await singleStatement(ctx, (db) =>
    repo.setVoteStatement(db, ideaId, voter.id, votes, ctx.clock.now()),
  )
  const budget = budgetOf(row.budget, row.spent)
  switch (row.outcome) {
    case 'not_found':
      throw new NotFound('No such idea')
    case 'closed':
      throw withFields(new VotingClosed('This idea is closed for voting'), { budget })
    case 'too_many':
      throw withFields(new ValidationFailed('More votes than this forum allows on one idea'), {
        details: [{ path: '/body/votes', message: 'is more than the forum allows on one idea' }],
      })
    case 'over_budget':
      throw withFields(
        new VoteBudgetExceeded(
          `That needs more than the ${budget.remaining} vote${budget.remaining === 1 ? '' : 's'} you have left`,
        ),
        { budget },
      )
  }
  return {
    ideaId,
    votes: row.ballot_votes,
    idea: { votes: row.idea_votes, voters: row.idea_voters },
    budget,
  }
}

export async function getBudget(ctx: ServiceContext, actor: Actor | null, slug: string) {
  const who = signedIn(actor)
  const forum = await repo.forumRules(ctx.db, slug)
  if (!forum) throw new NotFound(`No forum "${slug}"`)
  const [spent, ballots] = await Promise.all([
    repo.spentIn(ctx.db, forum.id, who.id),
    repo.activeBallots(ctx.db, forum.id, who.id),
  ])
  return {
    ...budgetOf(forum.vote_budget, spent?.spent ?? 0),
    votingMode: forum.voting_mode,
    maxVotesPerIdea: forum.max_votes_per_idea,
    ballots: ballots.map((b) => ({
      ideaId: b.idea_id,
      title: b.title,
      status: b.status,
      votes: b.votes,
      cost: b.cost,
      idea: { votes: b.idea_votes, voters: b.idea_voters },
    })),
  }
}
