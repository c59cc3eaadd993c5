// A forum in the intermediate format, streamed: each kind is read in pages by id (keyset), so an
// export of any size holds one page at a time. External ids are the local ids; references use them.
// The pages are separate reads, not one snapshot: rows written during an export may be missed by
// an earlier kind and then refused by the import as referring to something unknown.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.ts'
import { NotFound } from '../../errors.ts'
import { FORMAT, FORMAT_VERSION, KINDS, type Kind, type Manifest } from './format.ts'

const PAGE = 1000
const ref = (id: number | null) => (id === null ? null : String(id))
const at = (d: Date | null) => (d === null ? null : d.toISOString())
const num = (n: number | string | null) => (n === null ? null : Number(n))

type Page = (
  db: Kysely<DB>,
  forumId: number,
  after: number,
) => Promise<Array<Record<string, unknown> & { id: number }>>

const pages: Record<Kind, Page> = {
  // Only the people the forum refers to, and only what it needs of them.
  users: async (db, f, after) => {
    const { rows } = await sql<{
      id: number
      email: string
      display_name: string
      created_at: Date
    }>`
      SELECT u.id, u.email, u.display_name, u.created_at FROM users u
       WHERE u.id > ${after} AND u.id IN (
         SELECT author_id FROM ideas WHERE forum_id = ${f}
         UNION SELECT response_author_id FROM ideas WHERE forum_id = ${f}
         UNION SELECT user_id FROM ballots WHERE forum_id = ${f}
         UNION SELECT author_id FROM comments WHERE forum_id = ${f}
         UNION SELECT actor_id FROM idea_status_changes WHERE forum_id = ${f}
         UNION SELECT coordinator_id FROM releases WHERE forum_id = ${f}
         UNION SELECT actor_id FROM release_slips WHERE forum_id = ${f}
         UNION SELECT owner_id FROM features WHERE forum_id = ${f})
       ORDER BY u.id LIMIT ${PAGE}`.execute(db)
    return rows.map((r) => ({
      id: r.id,
      externalId: String(r.id),
      email: r.email,
      displayName: r.display_name,
      createdAt: at(r.created_at),
    }))
  },
  categories: async (db, f, after) =>
    (
      await db
        .selectFrom('categories')
        .selectAll()
        .where('forum_id', '=', f)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute()
    ).map((r) => ({
      id: r.id,
      externalId: String(r.id),
      name: r.name,
      createdAt: at(r.created_at),
    })),
  releases: async (db, f, after) => {
    const rows = await db
      .selectFrom('releases')
      .selectAll()
      .where('forum_id', '=', f)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute()
    const slips = rows.length
      ? await db
          .selectFrom('release_slips')
          .selectAll()
          .where(
            'release_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('id')
          .execute()
      : []
    return rows.map((r) => ({
      id: r.id,
      externalId: String(r.id),
      name: r.name,
      featureFreezeAt: at(r.feature_freeze_at),
      codeFreezeAt: at(r.code_freeze_at),
      firstRcAt: at(r.first_rc_at),
      releaseAt: at(r.release_at),
      releasedAt: at(r.released_at),
      capacity: num(r.capacity),
      coordinator: ref(r.coordinator_id),
      slips: slips
        .filter((s) => s.release_id === r.id)
        .map((s) => ({
          fromAt: at(s.from_at),
          toAt: at(s.to_at),
          reason: s.reason,
          actor: ref(s.actor_id),
          at: at(s.at),
        })),
      createdAt: at(r.created_at),
    }))
  },
  features: async (db, f, after) =>
    (
      await db
        .selectFrom('features')
        .selectAll()
        .where('forum_id', '=', f)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute()
    ).map((r) => ({
      id: r.id,
      externalId: String(r.id),
      release: ref(r.release_id),
      title: r.title,
      description: r.description,
      group: r.group_name,
      owner: ref(r.owner_id),
      ownerName: r.owner_name,
      status: r.status,
      prognosis: r.prognosis,
      external: r.external,
      techPreview: r.tech_preview,
      effort: num(r.effort),
      exceptionReason: r.exception_reason,
      exceptionAt: at(r.exception_at),
      createdAt: at(r.created_at),
    })),
  ideas: async (db, f, after) =>
    (
      await db
        .selectFrom('ideas')
        .select([
          'id',
          'title',
          'body',
          'category_id',
          'author_id',
          'status',
          'response_text',
          'response_author_id',
          'response_at',
          'merged_into_id',
          'feature_id',
          'effort',
          'votes',
          'voters',
          'counted_since',
          'created_at',
          'updated_at',
        ])
        .where('forum_id', '=', f)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute()
    ).map((r) => ({
      id: r.id,
      externalId: String(r.id),
      title: r.title,
      body: r.body,
      category: ref(r.category_id),
      author: ref(r.author_id),
      status: r.status,
      response:
        r.response_text === null
          ? null
          : {
              text: r.response_text,
              author: ref(r.response_author_id),
              at: at(r.response_at ?? r.updated_at),
            },
      mergedInto: ref(r.merged_into_id),
      feature: ref(r.feature_id),
      effort: num(r.effort),
      votes: r.votes,
      voters: r.voters,
      countedSince: at(r.counted_since),
      createdAt: at(r.created_at),
      updatedAt: at(r.updated_at),
    })),
  status_changes: async (db, f, after) =>
    (
      await db
        .selectFrom('idea_status_changes')
        .selectAll()
        .where('forum_id', '=', f)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute()
    ).map((r) => ({
      id: r.id,
      externalId: String(r.id),
      idea: String(r.idea_id),
      fromStatus: r.from_status,
      toStatus: r.to_status,
      response: r.response,
      actor: ref(r.actor_id),
      at: at(r.at),
    })),
  comments: async (db, f, after) =>
    (
      await db
        .selectFrom('comments')
        .selectAll()
        .where('forum_id', '=', f)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute()
    ).map((r) => ({
      id: r.id,
      externalId: String(r.id),
      idea: String(r.idea_id),
      author: ref(r.author_id),
      body: r.body,
      official: r.official,
      createdAt: at(r.created_at),
    })),
  // Ballots have no id of their own: paged by (idea, user), encoded into one cursor number.
  ballots: async (db, f, after) => {
    const idea = Math.floor(after / 2 ** 31)
    const user = after % 2 ** 31
    const { rows } = await sql<{
      idea_id: number
      user_id: number
      votes: number
      released: boolean
      created_at: Date
      updated_at: Date
    }>`
      SELECT idea_id, user_id, votes, released, created_at, updated_at FROM ballots
       WHERE forum_id = ${f} AND (idea_id, user_id) > (${idea}, ${user})
       ORDER BY idea_id, user_id LIMIT ${PAGE}`.execute(db)
    return rows.map((r) => ({
      id: r.idea_id * 2 ** 31 + r.user_id,
      externalId: `${r.idea_id}:${r.user_id}`,
      idea: String(r.idea_id),
      user: String(r.user_id),
      votes: r.votes,
      released: r.released,
      createdAt: at(r.created_at),
      updatedAt: at(r.updated_at),
    }))
  },
}

export async function forumForExport(db: Kysely<DB>, slug: string) {
  const forum = await db
    .selectFrom('forums')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirst()
  if (!forum) throw new NotFound(`No forum ${slug}`)
  return forum
}

/** Every record of the forum, kind by kind in import order. */
export async function* exportRecords(
  db: Kysely<DB>,
  forumId: number,
): AsyncGenerator<[Kind, Record<string, unknown>]> {
  for (const kind of KINDS) {
    let after = 0
    for (;;) {
      const page = await pages[kind](db, forumId, after)
      for (const { id, ...record } of page) {
        after = id
        yield [kind, record]
      }
      if (page.length < PAGE) break
    }
  }
}

export function manifestFor(
  forum: Awaited<ReturnType<typeof forumForExport>>,
  counts: Record<Kind, number>,
  now: Date,
): Manifest {
  return {
    format: FORMAT,
    version: FORMAT_VERSION,
    forum: {
      slug: forum.slug,
      name: forum.name,
      voteBudget: forum.vote_budget,
      maxVotesPerIdea: forum.max_votes_per_idea,
      votingMode: forum.voting_mode,
    },
    exportedAt: now.toISOString(),
    counts,
  }
}
