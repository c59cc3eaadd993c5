// `tally check`: recomputes budgets and idea counters from the ballots and reports any drift
// (`--fix` repairs it). Ballots are the source of truth; budgets and counters are derived.
import { OPEN_STATUS_LIST } from '../../db/sql-fragments.ts'
import { sql, type Kysely } from 'kysely'
import type { ServiceContext } from '../../core/context.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import type { DB } from '../../db/schema.ts'

const OPEN = OPEN_STATUS_LIST
/** What a ballot of `votes` costs under its forum's current voting mode (needs forums as f). */
const PRICE = sql`CASE WHEN f.voting_mode = 'quadratic' THEN b.votes * b.votes ELSE b.votes END`

export interface Drift {
  /** Active ballots on closed ideas: their cost should have gone back to the voter. */
  unreleasedBallots: { ideaId: number; userId: number }[]
  /** Active ballots priced by other rules than their forum's voting mode. */
  mispricedBallots: { ideaId: number; userId: number; cost: number; price: number }[]
  budgets: { forumId: number; userId: number; recorded: number; actual: number }[]
  ideas: { ideaId: number; votes: [recorded: number, actual: number]; voters: [number, number] }[]
}

export const driftCount = (d: Drift) =>
  d.unreleasedBallots.length + d.mispricedBallots.length + d.budgets.length + d.ideas.length

async function findDrift(db: Kysely<DB>): Promise<Drift> {
  const unreleased = await sql<{ idea_id: number; user_id: number }>`
    SELECT b.idea_id, b.user_id FROM ballots b JOIN ideas i ON i.id = b.idea_id
     WHERE NOT b.released AND i.status NOT IN ${OPEN}
     ORDER BY 1, 2`.execute(db)
  const mispriced = await sql<{ idea_id: number; user_id: number; cost: number; price: number }>`
    SELECT b.idea_id, b.user_id, b.cost, ${PRICE} AS price
      FROM ballots b JOIN forums f ON f.id = b.forum_id
     WHERE NOT b.released AND b.cost <> ${PRICE}
     ORDER BY 1, 2`.execute(db)
  // Only ballots on open ideas spend budget, whatever their released flag says, at the price of
  // their forum's current mode.
  const budgets = await sql<{
    forum_id: number
    user_id: number
    recorded: number
    actual: number
  }>`
    WITH actual AS (
      SELECT b.forum_id, b.user_id, sum(${PRICE})::int AS spent
        FROM ballots b JOIN ideas i ON i.id = b.idea_id JOIN forums f ON f.id = b.forum_id
       WHERE NOT b.released AND i.status IN ${OPEN}
       GROUP BY 1, 2)
    SELECT coalesce(b.forum_id, a.forum_id) AS forum_id, coalesce(b.user_id, a.user_id) AS user_id,
           coalesce(b.spent, 0) AS recorded, coalesce(a.spent, 0) AS actual
      FROM budgets b FULL JOIN actual a ON a.forum_id = b.forum_id AND a.user_id = b.user_id
     WHERE coalesce(b.spent, 0) <> coalesce(a.spent, 0)
     ORDER BY 1, 2`.execute(db)
  const ideas = await sql<{
    id: number
    votes: number
    actual_votes: number
    voters: number
    actual_voters: number
  }>`
    SELECT i.id, i.votes, coalesce(s.votes, 0) AS actual_votes, i.voters, coalesce(s.voters, 0) AS actual_voters
      FROM ideas i
      LEFT JOIN (SELECT idea_id, sum(votes)::int AS votes, count(*)::int AS voters
                   FROM ballots WHERE NOT released GROUP BY idea_id) s ON s.idea_id = i.id
     WHERE i.status IN ${OPEN}
       AND (i.votes <> coalesce(s.votes, 0) OR i.voters <> coalesce(s.voters, 0))
     ORDER BY 1`.execute(db)
  return {
    unreleasedBallots: unreleased.rows.map((r) => ({ ideaId: r.idea_id, userId: r.user_id })),
    mispricedBallots: mispriced.rows.map((r) => ({
      ideaId: r.idea_id,
      userId: r.user_id,
      cost: r.cost,
      price: r.price,
    })),
    budgets: budgets.rows.map((r) => ({
      forumId: r.forum_id,
      userId: r.user_id,
      recorded: r.recorded,
      actual: r.actual,
    })),
    ideas: ideas.rows.map((r) => ({
      ideaId: r.id,
      votes: [r.votes, r.actual_votes],
      voters: [r.voters, r.actual_voters],
    })),
  }
}

/** Reports drift between ballots and the budgets and counters derived from them. */
export function checkConsistency(db: Kysely<DB>): Promise<Drift> {
  return findDrift(db)
}

/** Repairs drift in one unit of work and reports what it repaired. */
export async function repairConsistency(ctx: ServiceContext): Promise<Drift> {
  return unitOfWork(
    ctx,
    async ({ tx }) => {
      // Everything derived is rewritten under a lock, so no vote lands between check and repair.
      await sql`LOCK TABLE ballots, budgets, ideas IN SHARE ROW EXCLUSIVE MODE`.execute(tx)
      const drift = await findDrift(tx)
      if (driftCount(drift) === 0) return drift
      await sql`
      UPDATE ballots b SET cost = ${PRICE} FROM forums f
       WHERE f.id = b.forum_id AND NOT b.released AND b.cost <> ${PRICE}`.execute(tx)
      await sql`
      UPDATE ballots b SET released = true FROM ideas i
       WHERE i.id = b.idea_id AND NOT b.released AND i.status NOT IN ${OPEN}`.execute(tx)
      await sql`
      INSERT INTO budgets (forum_id, user_id, spent)
      SELECT b.forum_id, b.user_id, sum(b.cost)::int FROM ballots b
       WHERE NOT b.released GROUP BY 1, 2
      ON CONFLICT (forum_id, user_id) DO UPDATE SET spent = EXCLUDED.spent`.execute(tx)
      await sql`
      UPDATE budgets bu SET spent = 0
       WHERE spent <> 0 AND NOT EXISTS (SELECT 1 FROM ballots b
         WHERE b.forum_id = bu.forum_id AND b.user_id = bu.user_id AND NOT b.released)`.execute(tx)
      await sql`
      UPDATE ideas i SET votes = coalesce(s.votes, 0), voters = coalesce(s.voters, 0)
        FROM ideas i2
        LEFT JOIN (SELECT idea_id, sum(votes)::int AS votes, count(*)::int AS voters
                     FROM ballots WHERE NOT released GROUP BY idea_id) s ON s.idea_id = i2.id
       WHERE i.id = i2.id AND i.status IN ${OPEN}
         AND (i.votes <> coalesce(s.votes, 0) OR i.voters <> coalesce(s.voters, 0))`.execute(tx)
      return drift
    },
    { label: 'repairConsistency' },
  )
}
