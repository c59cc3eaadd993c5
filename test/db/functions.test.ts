// The business rules left in plpgsql (the vote: one round trip pays for it) and the helpers the
// indexes need, snapshotted: a change to any database function shows up as a diff in review.
// Merge redistribution and the release of ballots live in TypeScript (modules/ideas/ballots.ts).
import t from 'tap'
import { sql } from 'kysely'
import { build } from '../helper.ts'

const { db } = await build(t)

t.test('the database functions', async (t) => {
  const { rows } = await sql<{
    name: string
    args: string
    result: string
    language: string
    volatility: string
    source: string
  }>`
    SELECT p.proname AS name,
           pg_get_function_identity_arguments(p.oid) AS args,
           pg_get_function_result(p.oid) AS result,
           l.lanname AS language,
           p.provolatile AS volatility,
           CASE WHEN p.prosqlbody IS NULL THEN p.prosrc ELSE pg_get_functiondef(p.oid) END AS source
      FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace
      JOIN pg_language l ON l.oid = p.prolang
     WHERE n.nspname = 'public' AND p.proname LIKE 'tally\\_%'
     ORDER BY p.proname`.execute(db)
  // Whitespace and the deparser's line layout are not part of a function's meaning.
  const normalised = rows.map((r) => ({ ...r, source: r.source.replace(/\s+/g, ' ').trim() }))
  t.same(
    normalised.map((r) => r.name),
    ['tally_epoch', 'tally_forget_duplicate_hints', 'tally_is_open', 'tally_set_vote'],
    'only these functions remain',
  )
  t.matchSnapshot(normalised)
})
