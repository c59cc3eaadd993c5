// Ballots under the forum's rules (DESIGN.md §3). Every ballot row is read first into compact
// columns (a million ballots are tens of megabytes, never the file itself), then decided per voter:
// votes capped at maxVotesPerIdea; on open ideas the most recent ballots that fit the voter's
// budget kept, the rest adjusted away (or, with --raise-budget, the budget raised to fit them
// all); on closed ideas kept and released, as closing would have. The decision depends only on the
// rows and on what the voter spends outside this import's ideas, so a rerun after an interruption
// decides the same and the ballots already written are skipped by their key (idea, user).
import { sql } from 'kysely'
import { OPEN_STATUS_LIST } from '../../db/sql-fragments.ts'
import type { Run } from './importer.ts'
import type { Source } from './source.ts'
import { RowError, validateRow } from './validate.ts'

class Columns {
  n = 0
  idea = new Int32Array(1024)
  user = new Int32Array(1024)
  votes = new Int32Array(1024)
  line = new Int32Array(1024)
  released = new Uint8Array(1024)
  createdAt = new Float64Array(1024)
  updatedAt = new Float64Array(1024)
  push(
    idea: number,
    user: number,
    votes: number,
    line: number,
    released: boolean,
    c: number,
    u: number,
  ) {
    if (this.n === this.idea.length) this.grow()
    const i = this.n++
    this.idea[i] = idea
    this.user[i] = user
    this.votes[i] = votes
    this.line[i] = line
    this.released[i] = released ? 1 : 0
    this.createdAt[i] = c
    this.updatedAt[i] = u
  }
  private grow() {
    const size = this.idea.length * 2
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T) => {
      const b = make(size)
      b.set(a)
      return b
    }
    this.idea = g(this.idea, (n) => new Int32Array(n))
    this.user = g(this.user, (n) => new Int32Array(n))
    this.votes = g(this.votes, (n) => new Int32Array(n))
    this.line = g(this.line, (n) => new Int32Array(n))
    this.released = g(this.released, (n) => new Uint8Array(n))
    this.createdAt = g(this.createdAt, (n) => new Float64Array(n))
    this.updatedAt = g(this.updatedAt, (n) => new Float64Array(n))
  }
}

const MAX_BUDGET = 1000

/** An element of a typed array the loops below index within bounds. */
const at = (a: ArrayLike<number>, i: number): number => a[i] ?? 0

export async function importBallots(run: Run, source: Source): Promise<void> {
  const { forum, report } = run
  const cols = new Columns()
  let file = 'ballots'
  const now = Date.now()
  for await (const row of source.rows('ballots')) {
    file = row.file
    if (row.error !== undefined) {
      run.refuse(row, row.error)
      continue
    }
    try {
      const b = validateRow('ballots', row.value)
      const idea = run.maps.idea.get(b.idea)
      if (idea === undefined) throw new RowError(`unknown idea ${b.idea}`)
      const user = run.maps.user.get(b.user)
      if (user === undefined) throw new RowError(`unknown voter ${b.user}`)
      if (b.votes < 1) throw new RowError(`${b.votes} votes`)
      let votes = b.votes
      if (votes > forum.max_votes_per_idea) {
        run.adjust('ballots', row, `${votes} votes capped at ${forum.max_votes_per_idea} per idea`)
        votes = forum.max_votes_per_idea
      }
      const created = b.createdAt ? Date.parse(b.createdAt) : now
      const updated = b.updatedAt ? Date.parse(b.updatedAt) : created
      cols.push(idea, user, votes, row.line, b.released ?? false, created, updated)
    } catch (err) {
      if (!(err instanceof RowError)) throw err
      run.refuse(row, err.message)
    }
  }
  run.progress(`progress: ballots ${cols.n} rows read`)
  if (cols.n === 0) return

  const { openIdeas, spentElsewhere } = await run.batch('ballots: state', async ({ tx }) => {
    const ideas = await sql<{ id: number; open: boolean }>`
      SELECT i.id, i.status IN ${OPEN_STATUS_LIST} AS open
        FROM ideas i JOIN import_mappings m ON m.local_id = i.id
       WHERE m.forum_id = ${forum.id} AND m.source = ${run.source} AND m.kind = 'idea'`.execute(tx)
    const spent = await sql<{ user_id: number; spent: number }>`
      SELECT b.user_id, sum(b.cost)::int AS spent
        FROM ballots b JOIN ideas i ON i.id = b.idea_id
       WHERE b.forum_id = ${forum.id} AND NOT b.released AND i.status IN ${OPEN_STATUS_LIST}
         AND b.idea_id NOT IN (SELECT local_id FROM import_mappings
                                WHERE forum_id = ${forum.id} AND source = ${run.source} AND kind = 'idea')
       GROUP BY 1`.execute(tx)
    return {
      openIdeas: new Set(ideas.rows.filter((r) => r.open).map((r) => r.id)),
      spentElsewhere: new Map(spent.rows.map((r) => [r.user_id, r.spent])),
    }
  })

  const price = (v: number) => (forum.voting_mode === 'quadratic' ? v * v : v)
  // By voter, most recent first; one ballot per (idea, voter): a duplicate row is the older one.
  const order = new Uint32Array(cols.n).map((_, i) => i)
  order.sort(
    (a, b) =>
      at(cols.user, a) - at(cols.user, b) ||
      at(cols.updatedAt, b) - at(cols.updatedAt, a) ||
      at(cols.idea, a) - at(cols.idea, b) ||
      a - b,
  )
  const kept = new Uint8Array(cols.n)
  const active = (i: number) => openIdeas.has(at(cols.idea, i)) && at(cols.released, i) === 0
  let needed = forum.vote_budget
  for (let s = 0; s < order.length;) {
    let e = s
    let want = spentElsewhere.get(at(cols.user, at(order, s))) ?? 0
    const ideas = new Set<number>()
    for (; e < order.length && at(cols.user, at(order, e)) === at(cols.user, at(order, s)); e++) {
      const i = at(order, e)
      if (ideas.has(at(cols.idea, i))) continue
      ideas.add(at(cols.idea, i))
      if (active(i)) want += price(at(cols.votes, i))
    }
    needed = Math.max(needed, want)
    s = e
  }
  let budget = forum.vote_budget
  if (run.raiseBudget && needed > budget) {
    budget = Math.min(needed, MAX_BUDGET)
    report.budgetRaisedTo = budget
    await run.batch('ballots: raise budget', ({ tx }) =>
      tx.updateTable('forums').set({ vote_budget: budget }).where('id', '=', forum.id).execute(),
    )
  }
  for (let s = 0; s < order.length;) {
    const user = at(cols.user, at(order, s))
    let room = budget - (spentElsewhere.get(user) ?? 0)
    const ideas = new Set<number>()
    for (; s < order.length && at(cols.user, at(order, s)) === user; s++) {
      const i = at(order, s)
      const where = { file, line: at(cols.line, i) }
      if (ideas.has(at(cols.idea, i))) {
        report.skipped.ballots++
        report.adjustments.push({
          ...where,
          reason: 'duplicate voter on this idea: the most recent row kept',
        })
        continue
      }
      ideas.add(at(cols.idea, i))
      if (!active(i)) {
        kept[i] = 1
        continue
      }
      const cost = price(at(cols.votes, i))
      if (cost <= room) {
        room -= cost
        kept[i] = 1
      } else {
        run.adjust('ballots', where, `over the voter's budget of ${budget}: not carried`)
      }
    }
  }
  await writeBallots(run, cols, kept, active, price)
}

async function writeBallots(
  run: Run,
  cols: Columns,
  kept: Uint8Array,
  active: (i: number) => boolean,
  price: (v: number) => number,
) {
  const { forum, report } = run
  // In (idea, user) order, so each batch locks its ideas in id order, as every writer does.
  const rows: number[] = []
  for (let i = 0; i < cols.n; i++) if (kept[i]) rows.push(i)
  rows.sort((a, b) => at(cols.idea, a) - at(cols.idea, b) || at(cols.user, a) - at(cols.user, b))
  const size = run.batchSize * 4
  for (let s = 0; s < rows.length; s += size) {
    const batch = rows.slice(s, s + size).map((i) => ({
      idea_id: at(cols.idea, i),
      user_id: at(cols.user, i),
      forum_id: forum.id,
      votes: at(cols.votes, i),
      cost: price(at(cols.votes, i)),
      released: !active(i),
      created_at: new Date(at(cols.createdAt, i)).toISOString(),
      updated_at: new Date(at(cols.updatedAt, i)).toISOString(),
    }))
    const created = await run.batch('ballots', async ({ tx }) => {
      await sql`SELECT 1 FROM forums WHERE id = ${forum.id} FOR KEY SHARE`.execute(tx)
      await sql`SELECT 1 FROM ideas WHERE id IN (${sql.join([...new Set(batch.map((b) => b.idea_id))])})
                 ORDER BY id FOR UPDATE`.execute(tx)
      const { rows: counted } = await sql<{ n: number }>`
        WITH input AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS r(
            idea_id int, user_id int, forum_id int, votes int, cost int, released boolean,
            created_at timestamptz, updated_at timestamptz)
        ), ins AS (
          INSERT INTO ballots (idea_id, user_id, forum_id, votes, cost, released, created_at, updated_at)
          SELECT idea_id, user_id, forum_id, votes, cost, released, created_at, updated_at FROM input
          ON CONFLICT DO NOTHING
          RETURNING *
        ), events AS (
          INSERT INTO vote_events (forum_id, idea_id, user_id, delta, at)
          SELECT forum_id, idea_id, user_id, votes, created_at FROM ins
        ), spend AS (
          INSERT INTO budgets (forum_id, user_id, spent)
          SELECT forum_id, user_id, sum(cost) FROM ins WHERE NOT released GROUP BY 1, 2
          ON CONFLICT (forum_id, user_id) DO UPDATE SET spent = budgets.spent + EXCLUDED.spent
        ), counters AS (
          UPDATE ideas i SET votes = i.votes + s.votes, voters = i.voters + s.voters
            FROM (SELECT idea_id, sum(votes)::int AS votes, count(*)::int AS voters
                    FROM ins WHERE NOT released GROUP BY 1) s
           WHERE i.id = s.idea_id
        )
        SELECT count(*)::int AS n FROM ins`.execute(tx)
      return counted[0]?.n ?? 0
    })
    report.created.ballots += created
    report.skipped.ballots += batch.length - created
    run.progress(`progress: ballots ${Math.min(s + size, rows.length)} of ${rows.length} written`)
  }
  // Closed ideas the source gave no counts for show the votes of their (released) ballots.
  await run.batch('ballots: closed counts', ({ tx }) =>
    sql`
      UPDATE ideas i SET votes = s.votes, voters = s.voters
        FROM (SELECT b.idea_id, sum(b.votes)::int AS votes, count(*)::int AS voters
                FROM ballots b JOIN import_mappings m ON m.local_id = b.idea_id
               WHERE m.forum_id = ${forum.id} AND m.source = ${run.source} AND m.kind = 'idea'
               GROUP BY 1) s
       WHERE i.id = s.idea_id AND i.status NOT IN ${OPEN_STATUS_LIST} AND i.votes = 0 AND i.voters = 0`.execute(
      tx,
    ),
  )
}
