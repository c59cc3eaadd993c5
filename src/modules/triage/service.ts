// The triage view: open ideas not yet planned, ranked, with the metrics developers decide by.
import { OPEN_STATUSES } from '../../core/domain.ts'
import type { ServiceContext } from '../../core/context.ts'
import { withRole } from '../../core/access.ts'
import type { Actor } from '../../core/roles.ts'
import { decodeCursor, encodeCursor } from '../../http/cursor.ts'
import { forumIdBySlug } from '../forums/index.ts'
import { listIdeas } from '../ideas/index.ts'
import { toCsv } from './csv.ts'
import { unitOfWork } from '../../core/unit-of-work.ts'
import * as repo from './repository.ts'

const DAY = 86_400_000
/** A CSV download is the whole ranked list, up to this many ideas. */
export const CSV_MAX_ROWS = 1000

export interface TriageQuery {
  rank?: 'top' | 'trending' | 'hot' | 'value'
  categoryId?: number
  limit: number
  cursor?: string
}

export async function triage(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  query: TriageQuery,
) {
  withRole(actor, 'developer')
  const forumId = await forumIdBySlug(ctx, slug)
  const now = ctx.clock.now()
  // The cursor carries the list's own cursor and how many rows came before, for the rank column.
  const [inner, offset] = query.cursor
    ? (decodeCursor(query.cursor, 2, (v, i) =>
        i === 0 ? typeof v === 'string' : Number.isInteger(v) && (v as number) >= 0,
      ) as [string, number])
    : [undefined, 0]
  const rows = await listIdeas(ctx.db, {
    forumId,
    statuses: OPEN_STATUSES,
    categoryId: query.categoryId,
    sort: query.rank ?? 'top',
    limit: query.limit,
    cursor: inner,
    now,
    viewerId: null,
    unpromotedOnly: true,
  })
  const page = rows.slice(0, query.limit)
  const ids = page.map((r) => r.id)
  if (ids.length > 0 && (await repo.ideasWithoutHints(ctx.db, ids))) {
    await unitOfWork(ctx, ({ tx }) => repo.fillDuplicateHints(tx, forumId, ids), {
      label: 'fillDuplicateHints',
    })
  }
  const [gained, comments, duplicates] =
    ids.length === 0
      ? [new Map(), new Map(), new Map()]
      : await Promise.all([
          repo.votesGained(
            ctx.db,
            ids,
            new Date(now.getTime() - 7 * DAY),
            new Date(now.getTime() - 30 * DAY),
          ),
          repo.commentCounts(ctx.db, ids),
          repo.possibleDuplicates(ctx.db, ids),
        ])
  const items = page.map((row, i) => ({
    rank: offset + i + 1,
    idea: {
      id: row.id,
      title: row.title,
      status: row.status,
      category:
        row.category_id !== null ? { id: row.category_id, name: row.category_name ?? '' } : null,
    },
    votes: row.votes,
    voters: row.voters,
    votes7d: gained.get(row.id)?.d7 ?? 0,
    votes30d: gained.get(row.id)?.d30 ?? 0,
    ageDays: Math.floor((now.getTime() - row.created_at.getTime()) / DAY),
    comments: comments.get(row.id) ?? 0,
    effort: row.effort,
    possibleDuplicates: duplicates.get(row.id) ?? [],
  }))
  const last = page[page.length - 1]
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor([encodeCursor(last.sort_key), offset + page.length])
      : null
  return { items, nextCursor }
}

export type TriageRows = Awaited<ReturnType<typeof triage>>['items']

export async function triageCsv(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  query: TriageQuery,
) {
  const rows: TriageRows = []
  let cursor: string | undefined
  do {
    const page = await triage(ctx, actor, slug, { ...query, limit: 100, cursor })
    rows.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor && rows.length < CSV_MAX_ROWS)
  return toCsv(
    [
      'rank',
      'id',
      'title',
      'status',
      'category',
      'votes',
      'voters',
      'votes7d',
      'votes30d',
      'ageDays',
      'comments',
      'effort',
      'possibleDuplicates',
    ],
    rows
      .slice(0, CSV_MAX_ROWS)
      .map((r) => [
        r.rank,
        r.idea.id,
        r.idea.title,
        r.idea.status,
        r.idea.category?.name ?? null,
        r.votes,
        r.voters,
        r.votes7d,
        r.votes30d,
        r.ageDays,
        r.comments,
        r.effort,
        r.possibleDuplicates.join(' '),
      ]),
  )
}
