// Importing the intermediate format: the fixture's report numbers, budgets applied honestly,
// `tally check` clean, a dry run that writes nothing and a second run that creates nothing.
import { join } from 'node:path'
import { sql } from 'kysely'
import t from 'tap'
import { contextFor } from '../../../src/core/context.ts'
import { importForum, tallySource } from '../../../src/modules/transfer/index.ts'
import { build } from '../../helper.ts'

const FIXTURE = join(import.meta.dirname, '../../fixtures/tally')

async function counts(db: Parameters<typeof contextFor>[0]) {
  const { rows } = await sql<Record<string, number>>`
    SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM ideas) AS ideas,
           (SELECT count(*)::int FROM ballots) AS ballots, (SELECT count(*)::int FROM comments) AS comments,
           (SELECT count(*)::int FROM vote_events) AS events, (SELECT count(*)::int FROM import_mappings) AS mappings`.execute(
    db,
  )
  return rows[0]
}

t.test('the tally fixture: report, budgets, counters, check, dry run, idempotence', async (t) => {
  const { db, config, factories, assertConsistent, app } = await build(t)
  const existing = await factories.user('member', { email: 'existing@example.test' })
  const forum = await factories.forum({ slug: 'xen', voteBudget: 5, maxVotesPerIdea: 3 })
  const ctx = contextFor(db, config)

  const before = await counts(db)
  const dry = await importForum(ctx, tallySource(FIXTURE), { forum: 'xen', dryRun: true })
  t.same(await counts(db), before, 'a dry run writes nothing')

  const report = await importForum(ctx, tallySource(FIXTURE), { forum: 'xen' })
  t.same({ ...dry, dryRun: false }, report, 'the dry run reported exactly what the run did')
  t.same(report.created, {
    users: 2,
    categories: 2,
    releases: 1,
    features: 2,
    ideas: 6,
    status_changes: 1,
    comments: 2,
    ballots: 5,
  })
  t.equal(report.reusedAccounts, 2, 'an existing account and a second external id of one e-mail')
  t.equal(report.skipped.ideas, 1, 'a repeated external id')
  t.equal(report.skipped.ballots, 1, 'a duplicate voter on one idea')
  t.equal(report.adjusted.ballots, 2, 'one capped at maxVotesPerIdea, one over the budget')
  t.same(
    report.refused.map((r) => `${r.file}:${r.line}`),
    [
      'users.jsonl:4',
      'users.jsonl:6',
      'releases.jsonl:2',
      'ideas.jsonl:6',
      'status_changes.jsonl:2',
      'comments.jsonl:3',
      'comments.jsonl:4',
      'ballots.jsonl:8',
      'ballots.jsonl:9',
    ],
  )
  t.match(
    report.adjustments.find((a) => a.line === 3 && a.file === 'ballots.jsonl')?.reason,
    /over the voter's budget of 5/,
  )

  const ideas = await db
    .selectFrom('ideas')
    .select(['title', 'status', 'votes', 'voters', 'author_id', 'merged_into_id', 'created_at'])
    .where('forum_id', '=', forum.id)
    .orderBy('id')
    .execute()
  const byTitle = Object.fromEntries(ideas.map((i) => [i.title, i]))
  t.match(byTitle['Faster boot'], { votes: 6, voters: 2, status: 'open' })
  t.equal(
    byTitle['Faster boot']?.created_at.toISOString(),
    '2020-02-01T00:00:00.000Z',
    'original timestamp',
  )
  t.match(byTitle['Better NUMA'], { votes: 2, voters: 1, status: 'planned' })
  t.match(
    byTitle['Old request'],
    { votes: 42, voters: 17, status: 'completed' },
    'closed: counts kept',
  )
  t.match(
    byTitle['Closed without counts'],
    { votes: 2, voters: 1 },
    'closed: counts of its ballots',
  )
  t.match(byTitle['Merge target'], { votes: 0, status: 'open' }, 'unknown status → open')
  t.match(byTitle['Dup of later'], { status: 'merged' }, 'merged into an idea that came later')
  const spent = await db
    .selectFrom('budgets')
    .select(['user_id', 'spent'])
    .orderBy('user_id')
    .execute()
  t.same(
    spent.map((b) => b.spent),
    [5, 3],
  )
  await assertConsistent(t)

  // The imported account has no password: logging in answers like a wrong password.
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'alice@example.test', password: 'anything-at-all' },
  })
  t.equal(login.json().code, 'INVALID_CREDENTIALS')
  t.ok(existing.id)

  const after = await counts(db)
  const again = await importForum(ctx, tallySource(FIXTURE), { forum: 'xen' })
  t.same(await counts(db), after, 'a second run writes nothing')
  t.same(
    Object.values(again.created).reduce((a, b) => a + b, 0),
    0,
    'and reports nothing created',
  )
  await assertConsistent(t)
})

t.test('--raise-budget raises the forum budget to fit every voter', async (t) => {
  const { db, config, factories, assertConsistent } = await build(t)
  await factories.forum({ slug: 'xen', voteBudget: 5, maxVotesPerIdea: 3 })
  const report = await importForum(contextFor(db, config), tallySource(FIXTURE), {
    forum: 'xen',
    raiseBudget: true,
  })
  t.equal(report.budgetRaisedTo, 7)
  t.equal(report.adjusted.ballots, 1, 'only the cap is left')
  t.equal(report.created.ballots, 6)
  const forum = await db.selectFrom('forums').select('vote_budget').executeTakeFirstOrThrow()
  t.equal(forum.vote_budget, 7)
  await assertConsistent(t)
})
