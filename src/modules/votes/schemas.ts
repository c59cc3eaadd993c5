import { Type } from 'typebox'

export const Budget = Type.Object({
  budget: Type.Integer({ description: 'Votes (credits in quadratic mode) this user may spend' }),
  spent: Type.Integer({ description: 'Spent on open ideas' }),
  remaining: Type.Integer({ description: 'budget − spent, never below 0' }),
})

export const VoteBody = Type.Object(
  {
    votes: Type.Integer({
      minimum: 0,
      maximum: 100,
      description: "The caller's votes on this idea from now on",
    }),
  },
  { additionalProperties: false },
)

export const VoteResult = Type.Object({
  ideaId: Type.Integer(),
  votes: Type.Integer(),
  idea: Type.Object({ votes: Type.Integer(), voters: Type.Integer() }),
  budget: Budget,
})

export const BudgetView = Type.Object({
  budget: Type.Integer(),
  spent: Type.Integer(),
  remaining: Type.Integer(),
  votingMode: Type.String(),
  maxVotesPerIdea: Type.Integer(),
  ballots: Type.Array(
    Type.Object({
      ideaId: Type.Integer(),
      title: Type.String(),
      status: Type.String(),
      votes: Type.Integer({ description: "The caller's votes on the idea" }),
      cost: Type.Integer(),
      idea: Type.Object(
        { votes: Type.Integer(), voters: Type.Integer() },
        { description: "The idea's counters, so a list of ballots needs no request per idea" },
      ),
    }),
  ),
})
