import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'

export type VoteOutcome = 'ok' | 'not_found' | 'closed' | 'too_many' | 'over_budget'

export interface VoteRow {
  outcome: VoteOutcome
  ballot_votes: number
  idea_votes: number
  idea_voters: number
  budget: number
  spent: number
}

/**
 * One round trip: checks, the guarded spend, the ballot, the counters and the event. On the pool
 * it is its own transaction; inside a unit of work (merge) it joins that one.
 */
export async function setVoteStatement(
  db: Kysely<DB>,
  ideaId: number,
  userId: number,
  votes: number,
  at: Date,
) {
  const { rows } =
    await sql<VoteRow>`SELECT * FROM tally_set_vote(${ideaId}, ${userId}, ${votes}, ${at})`.execute(
      db,
    )
  return rows[0] as VoteRow
}

export function forumRules(db: Kysely<DB>, slug: string) {
  return db
    .selectFrom('forums')
    .select(['id', 'vote_budget', 'max_votes_per_idea', 'voting_mode'])
    .where('slug', '=', slug)
    .executeTakeFirst()
}

export function spentIn(db: Kysely<DB>, forumId: number, userId: number) {
  return db
    .selectFrom('budgets')
    .select('spent')
    .where('forum_id', '=', forumId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

/** The ballots that currently spend budget: active ones, on open ideas, biggest first. */
export function activeBallots(db: Kysely<DB>, forumId: number, userId: number) {
  return db
    .selectFrom('ballots as b')
    .innerJoin('ideas as i', 'i.id', 'b.idea_id')
    .select([
      'b.idea_id',
      'i.title',
      'i.status',
      'b.votes',
      'b.cost',
      'i.votes as idea_votes',
      'i.voters as idea_voters',
    ])
    .where('b.forum_id', '=', forumId)
    .where('b.user_id', '=', userId)
    .where('b.released', '=', false)
    .orderBy('b.cost', 'desc')
    .orderBy('b.idea_id')
    .execute()
}
