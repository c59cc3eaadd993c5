// What happens to ballots when ideas close or merge (DESIGN §3), inside the caller's unit of work.
// Lock order, as everywhere: the forum (shared), ideas by id (the caller holds them), then budgets
// by (forum, user) — taken here for every idea at once, so two operations that close ideas with
// voters in common lock those voters' budgets in the same order and cannot deadlock each other.
import { sql, type Transaction } from 'kysely'
import type { VotingMode } from '../../core/domain.ts'
import type { DB } from '../../db/schema.ts'
import { setVoteStatement } from '../votes/index.ts'

export interface ReleasedBallot {
  idea_id: number
  user_id: number
  votes: number
  cost: number
}

/** Marks every active ballot on these ideas released and gives its cost back to its voter. */
export async function releaseBallots(
  tx: Transaction<DB>,
  ideaIds: readonly number[],
): Promise<ReleasedBallot[]> {
  if (ideaIds.length === 0) return []
  const ids = sql.val([...ideaIds])
  await sql`
    SELECT 1 FROM budgets b
      JOIN ballots bl ON bl.forum_id = b.forum_id AND bl.user_id = b.user_id
     WHERE bl.idea_id = ANY(${ids}::int[]) AND NOT bl.released
     ORDER BY b.forum_id, b.user_id
       FOR UPDATE OF b`.execute(tx)
  const { rows } = await sql<ReleasedBallot>`
    WITH released AS (
      UPDATE ballots bl SET released = true
       WHERE bl.idea_id = ANY(${ids}::int[]) AND NOT bl.released
      RETURNING bl.forum_id, bl.user_id, bl.idea_id, bl.votes, bl.cost
    ), refund AS (
      SELECT forum_id, user_id, sum(cost)::int AS cost FROM released GROUP BY forum_id, user_id
    ), refunded AS (
      UPDATE budgets b SET spent = b.spent - r.cost
        FROM refund r
       WHERE b.forum_id = r.forum_id AND b.user_id = r.user_id
      RETURNING b.user_id
    )
    SELECT idea_id, user_id, votes, cost FROM released ORDER BY user_id, idea_id`.execute(tx)
  return rows
}

export interface VoteRules {
  vote_budget: number
  max_votes_per_idea: number
  voting_mode: VotingMode
}

/** The forum's vote rules, key-share locked: a change of voting mode waits for this unit. */
export function lockVoteRules(
  tx: Transaction<DB>,
  forumId: number,
): Promise<VoteRules | undefined> {
  return tx
    .selectFrom('forums')
    .select(['vote_budget', 'max_votes_per_idea', 'voting_mode'])
    .where('id', '=', forumId)
    .forKeyShare()
    .executeTakeFirst()
}

/**
 * Merges idea `fromId` into `intoId` (both locked, open, of one forum whose rules the caller
 * holds): the duplicate's ballots are released, then each of its voters gets
 * min(max per idea, votes on the duplicate + votes on the target) on the target, as far as their
 * budget allows once the duplicate's votes came back; the rest stays returned to them.
 * Returns the votes moved.
 */
export async function mergeBallots(
  tx: Transaction<DB>,
  rules: VoteRules,
  fromId: number,
  intoId: number,
  at: Date,
): Promise<number> {
  const released = await releaseBallots(tx, [fromId])
  if (released.length === 0) return 0
  const voters = released.map((r) => r.user_id)
  const [onInto, budgets] = await Promise.all([
    tx
      .selectFrom('ballots')
      .select(['user_id', 'votes', 'cost'])
      .where('idea_id', '=', intoId)
      .where('user_id', 'in', voters)
      .where('released', '=', false)
      .execute(),
    tx
      .selectFrom('budgets')
      .innerJoin('ideas', 'ideas.forum_id', 'budgets.forum_id')
      .select(['budgets.user_id', 'budgets.spent'])
      .where('ideas.id', '=', intoId)
      .where('budgets.user_id', 'in', voters)
      .execute(),
  ])
  let moved = 0
  for (const ballot of released) {
    const current = onInto.find((b) => b.user_id === ballot.user_id)
    const spent = budgets.find((b) => b.user_id === ballot.user_id)?.spent ?? 0
    const target = mergedVotes(rules, ballot.votes, current?.votes ?? 0, current?.cost ?? 0, spent)
    if (target > (current?.votes ?? 0)) {
      await setVoteStatement(tx, intoId, ballot.user_id, target, at)
      moved += target - (current?.votes ?? 0)
    }
  }
  return moved
}

/** The votes a duplicate's voter ends with on the target: capped by the maximum and the budget. */
export function mergedVotes(
  rules: VoteRules,
  onDuplicate: number,
  onTarget: number,
  targetCost: number,
  spent: number,
): number {
  // The most the target ballot may cost: what it costs now plus what the budget has left.
  const room = Math.max(rules.vote_budget - spent, 0) + targetCost
  const affordable = rules.voting_mode === 'quadratic' ? Math.floor(Math.sqrt(room)) : room
  return Math.min(rules.max_votes_per_idea, onDuplicate + onTarget, affordable)
}
