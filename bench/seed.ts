// Seeds a realistic data set from a fixed random seed: forums, users, ideas with Zipf-like
// popularity, ballots within budgets, vote events over 90 days, comments, one release per forum
// with features. Rows go in as multi-row INSERT … SELECT FROM unnest(arrays) batches; budgets and
// counters are then derived from the ballots in SQL, so `tally check` finds no drift.
import type pg from 'pg'
import { hashPassword } from '../src/modules/auth/passwords.ts'
import { int, mulberry32, pick, shuffle, zipf, type Random } from './random.ts'
import { WORDS } from './words.ts'
import { insertRows } from './insert-rows.ts'
import { Progress } from './progress.ts'

export interface SeedSize {
  forums: number
  users: number
  ideas: number
  /** Mean ballots per (user, forum); the total lands near users × forums × this. */
  ballotsPerUserForum: number
}

export const FULL: SeedSize = {
  forums: 10,
  users: 20_000,
  ideas: 100_000,
  ballotsPerUserForum: 5.8,
}
export const QUICK: SeedSize = { forums: 10, users: 4_000, ideas: 20_000, ballotsPerUserForum: 5.8 }

export const BENCH_PASSWORD = 'bench-password-0123'
export const DEVELOPER_EMAIL = 'developer@bench.tally'
export const VOTE_BUDGET = 20
export const MAX_VOTES_PER_IDEA = 3
export const userEmail = (id: number) => (id === 1 ? DEVELOPER_EMAIL : `user${id}@bench.tally`)
export const forumSlug = (forum: number) => `forum-${String(forum).padStart(2, '0')}`

export interface SeedResult {
  forums: number
  users: number
  ideas: number
  ballots: number
  voteEvents: number
  comments: number
  seconds: number
}

const DAY = 86_400_000
// Mostly open; a few in each other state, closed ones with their ballots released.
const STATUSES: [string, number][] = [
  ['open', 0.86],
  ['under_review', 0.04],
  ['planned', 0.03],
  ['started', 0.02],
  ['completed', 0.03],
  ['declined', 0.02],
]
const OPEN = new Set(['open', 'under_review', 'planned', 'started'])

function status(rnd: Random): string {
  let x = rnd()
  for (const [s, p] of STATUSES) if ((x -= p) < 0) return s
  return 'open'
}

const sentence = (rnd: Random, min: number, max: number) => {
  const n = int(rnd, min, max)
  const words: string[] = []
  for (let i = 0; i < n; i++) words.push(pick(rnd, WORDS))
  const text = words.join(' ')
  return text[0]!.toUpperCase() + text.slice(1)
}

export async function seed(pool: pg.Pool, size: SeedSize, seedValue = 42): Promise<SeedResult> {
  const started = Date.now()
  const rnd = mulberry32(seedValue)
  const now = Date.now()
  const iso = (ms: number) => new Date(ms).toISOString()
  const client = await pool.connect()
  const progress = new Progress()
  try {
    // The generated rows reference each other correctly by construction; skipping the foreign-key
    // triggers for the load roughly halves its time (needs a superuser, as the bench DB owner is).
    await client.query("SET session_replication_role = 'replica'")
    await client.query('SET synchronous_commit = off')

    const forumIds = Array.from({ length: size.forums }, (_, i) => i + 1)
    await insertRows(
      client,
      'forums',
      ['id:int', 'slug:text', 'name:text', 'vote_budget:int', 'max_votes_per_idea:int'],
      [
        forumIds,
        forumIds.map(forumSlug),
        forumIds.map((f) => `Forum ${f}`),
        forumIds.map(() => VOTE_BUDGET),
        forumIds.map(() => MAX_VOTES_PER_IDEA),
      ],
    )
    const categoryNames = ['Performance', 'Scalability', 'Security', 'Usability', 'Integrations']
    const catForum = forumIds.flatMap((f) => categoryNames.map(() => f))
    await insertRows(
      client,
      'categories',
      ['id:int', 'forum_id:int', 'name:text'],
      [catForum.map((_, i) => i + 1), catForum, catForum.map((_, i) => categoryNames[i % 5]!)],
    )

    // One argon2 hash shared by every user: hashing 20k passwords would take minutes.
    const hash = await hashPassword(BENCH_PASSWORD)
    const userIds = Array.from({ length: size.users }, (_, i) => i + 1)
    progress.start('users', size.users)
    await insertRows(
      client,
      'users',
      ['id:int', 'email:text', 'display_name:text', 'password_hash:text', 'role:text'],
      [
        userIds,
        userIds.map(userEmail),
        userIds.map((u) => `User ${u}`),
        userIds.map(() => hash),
        userIds.map((u) => (u === 1 ? 'coordinator' : 'member')),
      ],
      (n) => progress.tick(n),
    )
    progress.done()

    // Ideas: forum f holds ids [firstIdea[f], firstIdea[f] + perForum).
    const perForum = Math.floor(size.ideas / size.forums)
    const ideaCount = perForum * size.forums
    const ideaForum = new Int32Array(ideaCount)
    const ideaCreated = new Float64Array(ideaCount)
    const ideaStatus: string[] = new Array(ideaCount)
    const cols: unknown[][] = [[], [], [], [], [], [], [], []]
    for (let i = 0; i < ideaCount; i++) {
      const forum = Math.floor(i / perForum) + 1
      const created = now - int(rnd, 1, 180 * 24) * 3_600_000
      const st = status(rnd)
      ideaForum[i] = forum
      ideaCreated[i] = created
      ideaStatus[i] = st
      cols[0]!.push(i + 1)
      cols[1]!.push(forum)
      cols[2]!.push(rnd() < 0.8 ? (forum - 1) * 5 + int(rnd, 1, 5) : null)
      cols[3]!.push(int(rnd, 1, size.users))
      cols[4]!.push(sentence(rnd, 3, 9))
      cols[5]!.push(sentence(rnd, 10, 60))
      cols[6]!.push(st)
      cols[7]!.push(iso(created))
    }
    progress.start('ideas', ideaCount)
    await insertRows(
      client,
      'ideas',
      [
        'id:int',
        'forum_id:int',
        'category_id:int',
        'author_id:int',
        'title:text',
        'body:text',
        'status:text',
        'created_at:timestamptz',
      ],
      cols,
      (n) => progress.tick(n),
      { also: { counted_since: 'created_at', updated_at: 'created_at' } },
    )
    progress.done()

    // Ballots: each (user, forum) places a few, on ideas drawn by popularity (a shuffled Zipf rank,
    // so popularity does not follow ids), 1–3 votes each, never over the budget on open ideas.
    const draw = zipf(perForum, 1.05)
    const popularity = forumIds.map(() =>
      shuffle(
        rnd,
        Array.from({ length: perForum }, (_, i) => i),
      ),
    )
    const ballots: number[][] = [[], [], [], [], []] // idea, user, forum, votes, released(0/1)
    const ballotAt: string[] = []
    for (const user of userIds) {
      for (const forum of forumIds) {
        const want = Math.min(
          15,
          Math.floor(-Math.log(1 - rnd()) * (size.ballotsPerUserForum + 0.5)),
        )
        const chosen = new Set<number>()
        let spent = 0
        for (let tries = 0; chosen.size < want && tries < want * 3; tries++) {
          const idea = (forum - 1) * perForum + popularity[forum - 1]![draw(rnd)]! + 1
          if (chosen.has(idea)) continue
          const votes = rnd() < 0.5 ? 1 : rnd() < 0.6 ? 2 : 3
          const open = OPEN.has(ideaStatus[idea - 1]!)
          if (open && spent + votes > VOTE_BUDGET) continue
          if (open) spent += votes
          chosen.add(idea)
          const from = Math.max(ideaCreated[idea - 1]!, now - 90 * DAY)
          ballots[0]!.push(idea)
          ballots[1]!.push(user)
          ballots[2]!.push(forum)
          ballots[3]!.push(votes)
          ballots[4]!.push(open ? 0 : 1)
          ballotAt.push(iso(from + rnd() * (now - from)))
        }
      }
    }
    const ballotCount = ballots[0]!.length
    progress.start('ballots', ballotCount)
    await insertRows(
      client,
      'ballots',
      [
        'idea_id:int',
        'user_id:int',
        'forum_id:int',
        'votes:int',
        'cost:int',
        'released:bool',
        'created_at:timestamptz',
      ],
      [
        ballots[0]!,
        ballots[1]!,
        ballots[2]!,
        ballots[3]!,
        ballots[3]!,
        ballots[4]!.map((r) => r === 1),
        ballotAt,
      ],
      (n) => progress.tick(n),
      { also: { updated_at: 'created_at' } },
    )
    progress.done()

    // Each ballot's history is one event placing its votes, at the ballot's time.
    progress.start('vote events', ballotCount)
    await insertRows(
      client,
      'vote_events',
      ['forum_id:int', 'idea_id:int', 'user_id:int', 'delta:int', 'at:timestamptz'],
      [ballots[2]!, ballots[0]!, ballots[1]!, ballots[3]!, ballotAt],
      (n) => progress.tick(n),
    )
    progress.done()

    const comments: unknown[][] = [[], [], [], [], []]
    for (let i = 0; i < ideaCount; i++) {
      const n = int(rnd, 0, 4)
      for (let c = 0; c < n; c++) {
        comments[0]!.push(ideaForum[i])
        comments[1]!.push(i + 1)
        comments[2]!.push(int(rnd, 1, size.users))
        comments[3]!.push(sentence(rnd, 5, 40))
        comments[4]!.push(iso(ideaCreated[i]! + rnd() * (now - ideaCreated[i]!)))
      }
    }
    progress.start('comments', comments[0]!.length)
    await insertRows(
      client,
      'comments',
      ['forum_id:int', 'idea_id:int', 'author_id:int', 'body:text', 'created_at:timestamptz'],
      comments,
      (n) => progress.tick(n),
    )
    progress.done()

    progress.start('derived', 1)
    await seedReleases(client, forumIds, rnd, now)
    await deriveCounters(client)
    progress.done()
    await client.query('RESET session_replication_role')
    progress.start('analyze', 1)
    await client.query('VACUUM ANALYZE')
    progress.done()

    return {
      forums: size.forums,
      users: size.users,
      ideas: ideaCount,
      ballots: ballotCount,
      voteEvents: ballotCount,
      comments: comments[0]!.length,
      seconds: (Date.now() - started) / 1000,
    }
  } finally {
    client.release()
  }
}

/** One release per forum, 90 days out, with 20 features each linked to the forum's planned ideas. */
async function seedReleases(client: pg.PoolClient, forumIds: number[], rnd: Random, now: number) {
  const prognoses = ['excellent', 'good', 'fair', 'poor', 'done', 'not-for-this-release']
  const groups = ['Performance', 'Scalability', 'Security', 'Usability', 'Integrations']
  await insertRows(
    client,
    'releases',
    [
      'id:int',
      'forum_id:int',
      'name:text',
      'feature_freeze_at:timestamptz',
      'release_at:timestamptz',
    ],
    [
      forumIds,
      forumIds,
      forumIds.map(() => '1.0'),
      forumIds.map(() => new Date(now + 30 * DAY).toISOString()),
      forumIds.map(() => new Date(now + 90 * DAY).toISOString()),
    ],
  )
  const f: unknown[][] = [[], [], [], [], [], [], []]
  for (const forum of forumIds) {
    for (let i = 0; i < 20; i++) {
      f[0]!.push((forum - 1) * 20 + i + 1)
      f[1]!.push(forum)
      f[2]!.push(forum)
      f[3]!.push(`Feature ${i + 1}: ${sentence(rnd, 2, 5)}`)
      f[4]!.push(pick(rnd, groups))
      f[5]!.push(int(rnd, 2, 2000))
      f[6]!.push(pick(rnd, prognoses))
    }
  }
  await insertRows(
    client,
    'features',
    [
      'id:int',
      'forum_id:int',
      'release_id:int',
      'title:text',
      'group_name:text',
      'owner_id:int',
      'prognosis:text',
    ],
    f,
  )
  // The planned ideas of each forum, two to a feature (the rest of the planned ones stay unlinked).
  await client.query(`
    WITH planned AS (
      SELECT id, forum_id, row_number() OVER (PARTITION BY forum_id ORDER BY id) - 1 AS n
        FROM ideas WHERE status = 'planned')
    UPDATE ideas i SET feature_id = (p.forum_id - 1) * 20 + p.n / 2 + 1
      FROM planned p WHERE p.id = i.id AND p.n < 40`)
}

/** Budgets and idea counters, from the ballots (what `tally check` recomputes). */
async function deriveCounters(client: pg.PoolClient) {
  await client.query(`
    INSERT INTO budgets (forum_id, user_id, spent)
    SELECT forum_id, user_id, sum(cost) FROM ballots WHERE NOT released GROUP BY 1, 2`)
  // Open ideas count their active ballots; closed ones keep the counts they had when they closed.
  await client.query(`
    UPDATE ideas i SET votes = s.votes, voters = s.voters
      FROM (SELECT idea_id, sum(votes)::int AS votes, count(*)::int AS voters
              FROM ballots GROUP BY 1) s
     WHERE s.idea_id = i.id`)
  await client.query(`
    INSERT INTO idea_status_changes (forum_id, idea_id, from_status, to_status, actor_id, at)
    SELECT forum_id, id, NULL, 'open', author_id, created_at FROM ideas`)
  for (const table of ['forums', 'categories', 'users', 'ideas', 'releases', 'features']) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`,
    )
  }
}
